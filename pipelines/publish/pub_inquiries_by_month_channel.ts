import { definePublishTable } from "../disclosure/index.ts";

/**
 * Inquirers per month and channel. A flat table: no margins are published (a person may inquire
 * through two channels in a month, so channels do not add up to the month), so nothing can be
 * subtracted; declare `population: "inquirers"` on any other table of the same persons so they link.
 */
export default definePublishTable({
  name: "pub_inquiries_by_month_channel",
  grain:
    "one row per calendar month x inquiry channel, persons only, after disclosure control (rounded, small cells suppressed)",
  source: `SELECT strftime(month, '%Y-%m') AS month, channel, inquirers
           FROM marts.mart_inquiries_by_month_channel`,
  dimensions: ["month", "channel"],
  measures: [{ kind: "count", column: "inquirers", population: "inquirers" }],
});
