import { definePublishTable } from "../disclosure/index.ts";

/**
 * The departments' overlap matrix per month: persons mailed by both departments that month; the diagonal
 * is a department's audience. Cells are distinct persons and do not add up, so none are summed.
 */
export default definePublishTable({
  name: "pub_contact_audience_overlap",
  grain:
    "one row per calendar month x department pair (a, b), persons mailed by both after disclosure control; a = b is the department's audience",
  source: `SELECT strftime(month, '%Y-%m') AS month, department_a, department_b, persons
             FROM marts.mart_contact_audience_overlap`,
  dimensions: ["month", "department_a", "department_b"],
  measures: [{ kind: "count", column: "persons" }],
});
