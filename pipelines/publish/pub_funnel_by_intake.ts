import { definePublishTable } from "../disclosure/index.ts";

/**
 * The marketing funnel per intake and programme, as of the run's reference date: persons reaching each
 * stage, with next-step and cumulative conversion (each with its numerator and denominator). Totals over
 * programmes are published too, so they are protected together with the programme cells.
 */
export default definePublishTable({
  name: "pub_funnel_by_intake",
  grain:
    "one row per intake x ordering (ordered / any) x stage x programme (and the total over programmes), persons after disclosure control",
  source: `SELECT intake, ordering, stage, stage_order, programme_code, persons,
                  coalesce(next_step_conversion_num, 0) AS next_step_num,
                  coalesce(next_step_conversion_den, 0) AS next_step_den,
                  cumulative_conversion_num AS cumulative_num,
                  cumulative_conversion_den AS cumulative_den
             FROM marts.mart_funnel_by_cohort
            WHERE first_channel = 'all' AND country_group = 'all' AND intake IS NOT NULL`,
  dimensions: ["intake", "ordering", "stage_order", "stage", "programme_code"],
  margins: [["intake", "ordering", "stage_order", "stage"]],
  totals: "sum",
  measures: [
    // shared with pub_funnel_by_channel: its totals over channel and country are these cells
    { kind: "count", column: "persons", population: "funnel.persons" },
    { kind: "count", column: "next_step_num", population: "funnel.next_step_num" },
    { kind: "count", column: "next_step_den", population: "funnel.next_step_den" },
    { kind: "count", column: "cumulative_num", population: "funnel.cumulative_num" },
    { kind: "count", column: "cumulative_den", population: "funnel.cumulative_den" },
    { kind: "rate", name: "next_step_conversion", numerator: "next_step_num", denominator: "next_step_den" },
    {
      kind: "rate",
      name: "cumulative_conversion",
      numerator: "cumulative_num",
      denominator: "cumulative_den",
    },
  ],
});
