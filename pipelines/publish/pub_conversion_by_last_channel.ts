import { definePublishTable } from "../disclosure/index.ts";

/**
 * Conversion per last channel over all programmes of an intake: of the persons whose last inquiry before applying
 * (or before the deadline) came through a channel, how many applied and how many enrolled, the counterpart of
 * pub_funnel_by_channel's conversion per first channel. Those who applied without an inquiry first ('no_inquiry')
 * have no channel to convert from and are left out.
 *
 * No total over channels: it is the funnel's cohort count, which pub_funnel_by_channel and pub_funnel_by_intake
 * publish already. Rounded here on its own it could fall on the other side of its true value (40 there, 45 here:
 * 41 to 44 persons), and declared as their population it would be rounded with them and change their figures.
 * Without it the table has no line to subtract along, and a cell's persons are only ever rounded once.
 */
export default definePublishTable({
  name: "pub_conversion_by_last_channel",
  grain:
    "one row per intake x stage (application, enrolled) x last channel of the funnel's cohorts, persons after disclosure control",
  source: `SELECT intake, stage, last_channel,
                  sum(coalesce(last_channel_conversion_num, 0)) AS reached,
                  sum(coalesce(last_channel_conversion_den, 0)) AS inquirers,
                  data_status
             FROM marts.mart_conversion_by_last_channel
            WHERE intake IS NOT NULL AND last_channel <> 'no_inquiry'
            GROUP BY ALL`,
  dimensions: ["intake", "stage", "last_channel"],
  measures: [
    { kind: "count", column: "reached" },
    { kind: "count", column: "inquirers" },
    { kind: "rate", name: "last_channel_conversion", numerator: "reached", denominator: "inquirers" },
  ],
  status: { column: "data_status", measures: ["reached", "inquirers", "last_channel_conversion"] },
});
