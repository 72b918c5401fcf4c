import { definePublishTable } from "../disclosure/index.ts";

/**
 * How many persons got how many messages at their busiest: each person's highest count of messages in
 * any rolling 7 days and in any 30 days (all departments together), in bands up to four over the cap.
 * Each person is in one band per period, so the total per period is published and protected with them.
 */
export default definePublishTable({
  name: "pub_contact_pressure_distribution",
  grain:
    "one row per period (7 or 30 days) x band of a person's peak messages in that period (and the total per period), persons after disclosure control",
  source: `WITH peaks AS (
             SELECT person_id, max(messages_7_days) AS peak_7, max(messages_30_days) AS peak_30
               FROM marts.mart_contact_pressure GROUP BY person_id
           ),
           caps AS (SELECT cap_per_7_days AS cap_7, cap_per_30_days AS cap_30 FROM slm_outreach),
           banded AS (
             SELECT '7 days' AS period, least(peak_7, cap_7 + 4) AS band_order, peak_7 >= cap_7 + 4 AS top,
                    peak_7 > cap_7 AS over
               FROM peaks, caps
             UNION ALL
             SELECT '30 days', least(peak_30, cap_30 + 4), peak_30 >= cap_30 + 4, peak_30 > cap_30
               FROM peaks, caps
           )
           SELECT period, band_order,
                  band_order::VARCHAR || CASE WHEN top THEN '+' ELSE '' END AS band,
                  CASE WHEN over THEN 'over the cap' ELSE 'within the cap' END AS cap,
                  count(*) AS persons
             FROM banded GROUP BY ALL`,
  dimensions: ["period", "band_order", "band", "cap"],
  margins: [["period"]],
  totals: "sum",
  measures: [{ kind: "count", column: "persons" }],
});
