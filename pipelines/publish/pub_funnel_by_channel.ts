import { definePublishTable } from "../disclosure/index.ts";
import { FUNNEL_MEASURES, FUNNEL_STATUS } from "../lifecycle/funnel-publish.ts";

/**
 * The funnel over all programmes of an intake, split by the cohort's first channel and country group,
 * with the totals over each (and both) as margins, so a filter on the Funnel page shows a partition
 * whose parts and total were protected together. The total over both is the all-programmes row of
 * pub_funnel_by_intake: the two tables share those cells (same populations).
 */
export default definePublishTable({
  name: "pub_funnel_by_channel",
  grain:
    "one row per intake x ordering x stage x first channel x country group (and the totals over channel, country group and both), persons after disclosure control",
  source: `SELECT intake, ordering, stage_order, stage, first_channel, country_group,
                  sum(persons) AS persons,
                  sum(coalesce(next_step_conversion_num, 0)) AS next_step_num,
                  sum(coalesce(next_step_conversion_den, 0)) AS next_step_den,
                  sum(cumulative_conversion_num) AS cumulative_num,
                  sum(cumulative_conversion_den) AS cumulative_den,
                  data_status
             FROM marts.mart_funnel_by_cohort
            WHERE first_channel <> 'all' AND country_group <> 'all' AND intake IS NOT NULL
            GROUP BY ALL`,
  dimensions: ["intake", "ordering", "stage_order", "stage", "first_channel", "country_group"],
  margins: [
    ["intake", "ordering", "stage_order", "stage", "country_group"],
    ["intake", "ordering", "stage_order", "stage", "first_channel"],
    ["intake", "ordering", "stage_order", "stage"],
  ],
  totals: "sum",
  measures: [...FUNNEL_MEASURES],
  status: FUNNEL_STATUS,
});
