import { definePublishTable } from "../disclosure/index.ts";
import { FUNNEL_MEASURES, FUNNEL_STATUS } from "../lifecycle/funnel-publish.ts";

/**
 * The marketing funnel per intake and programme, as of the run's reference date: persons reaching each
 * stage, with next-step and cumulative conversion (each with its numerator and denominator). Totals over
 * programmes are published too, so they are protected together with the programme cells. A stage no
 * source delivers is published as no data (data_status 'no_source', its figures NULL), and so is a stage whose
 * observation window is still open for the intake (data_status 'not_yet_observable').
 */
export default definePublishTable({
  name: "pub_funnel_by_intake",
  grain:
    "one row per intake x ordering (ordered / any) x stage x programme (and the total over programmes), persons after disclosure control",
  source: `SELECT intake, ordering, stage, stage_order, programme_code, persons,
                  coalesce(next_step_conversion_num, 0) AS next_step_num,
                  coalesce(next_step_conversion_den, 0) AS next_step_den,
                  cumulative_conversion_num AS cumulative_num,
                  cumulative_conversion_den AS cumulative_den,
                  data_status
             FROM marts.mart_funnel_by_cohort
            WHERE first_channel = 'all' AND country_group = 'all' AND intake IS NOT NULL`,
  dimensions: ["intake", "ordering", "stage_order", "stage", "programme_code"],
  margins: [["intake", "ordering", "stage_order", "stage"]],
  totals: "sum",
  measures: [...FUNNEL_MEASURES],
  status: FUNNEL_STATUS,
});
