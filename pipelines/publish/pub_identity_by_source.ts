import { counts, definePublishTable } from "../disclosure/index.ts";

/**
 * Per source system: its person-records' persons and the share of them who can be followed into the
 * student records (Ladok/Osiris); persons are counted, so every number passes disclosure control.
 */
export default definePublishTable({
  name: "pub_identity_by_source",
  grain:
    "one row per source system: persons with a record there, and how many of them have a student-records record",
  source: `SELECT source, persons, persons_linkable_to_records FROM marts.mart_identity_records_by_source`,
  dimensions: ["source"],
  measures: [
    ...counts("persons", "persons_linkable_to_records"),
    {
      kind: "rate",
      name: "share_linkable",
      numerator: "persons_linkable_to_records",
      denominator: "persons",
    },
  ],
});
