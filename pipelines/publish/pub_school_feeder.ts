import { definePublishTable } from "../disclosure/index.ts";

/** Feeder volume per secondary school: persons from it at each stage, and catalogue orders sent to it. */
export default definePublishTable({
  name: "pub_school_feeder",
  grain:
    "one row per secondary school: inquirers, applicants and enrolled from it, catalogue orders sent to it",
  source:
    "SELECT school_code, inquirers, applicants, enrolled, catalogue_orders FROM marts.mart_school_feeder",
  dimensions: ["school_code"],
  schoolOfOrigin: true,
  measures: [
    { kind: "school-count", column: "inquirers" },
    { kind: "school-count", column: "applicants" },
    { kind: "school-count", column: "enrolled" },
    { kind: "school-count", column: "catalogue_orders" },
  ],
});
