import { definePublishTable } from "../disclosure/index.ts";

/** The bounce trend by sender: persons with a returned message per month, over the persons mailed. */
export default definePublishTable({
  name: "pub_bounces_by_sender",
  grain: "one row per calendar month x sending department, persons after disclosure control",
  source: `SELECT strftime(month, '%Y-%m') AS month, department,
                  persons_bounced_num AS persons_bounced, persons_mailed_den AS persons_mailed
             FROM marts.mart_bounces_by_sender`,
  dimensions: ["month", "department"],
  measures: [
    { kind: "count", column: "persons_bounced" },
    // the same persons mailed as the opt-out trend's denominator
    { kind: "count", column: "persons_mailed", population: "persons_mailed_by_sender" },
    { kind: "rate", name: "bounce_rate", numerator: "persons_bounced", denominator: "persons_mailed" },
  ],
});
