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
  // banded per person in the mart, which a daily mailings file patches for the persons it mails
  source: "SELECT period, band_order, band, cap, persons FROM marts.mart_contact_peak_bands",
  dimensions: ["period", "band_order", "band", "cap"],
  margins: [["period"]],
  totals: "sum",
  measures: [{ kind: "count", column: "persons" }],
});
