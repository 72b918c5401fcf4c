import { definePublishTable } from "../disclosure/index.ts";

/**
 * The opt-out trend by sender: persons withdrawing a consent per month, attributed to the department
 * that last mailed them in the 30 days before, over the persons that department mailed that month.
 * Withdrawals with no message before them ('(none)') have no denominator and are left out.
 */
export default definePublishTable({
  name: "pub_opt_outs_by_sender",
  grain: "one row per calendar month x sending department, persons after disclosure control",
  source: `SELECT strftime(month, '%Y-%m') AS month, department,
                  persons_withdrawing_num AS persons_opting_out, persons_mailed_den AS persons_mailed
             FROM marts.mart_consent_withdrawals_by_sender WHERE department <> '(none)'`,
  dimensions: ["month", "department"],
  measures: [
    { kind: "count", column: "persons_opting_out" },
    // the same persons mailed as the bounce trend's denominator
    { kind: "count", column: "persons_mailed", population: "persons_mailed_by_sender" },
    { kind: "rate", name: "opt_out_rate", numerator: "persons_opting_out", denominator: "persons_mailed" },
  ],
});
