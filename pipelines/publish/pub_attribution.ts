import { definePublishTable } from "../disclosure/index.ts";

/**
 * Attribution of applicants and enrolled students to channels and campaigns under three models (first,
 * last and any touch). Channel totals are distinct persons taken from the mart (any touch can credit two
 * campaigns of a channel to one person), published as the margin of the campaign cells so a suppressed
 * campaign cannot be recovered from its channel.
 */
export default definePublishTable({
  name: "pub_attribution",
  grain:
    "one row per attribution model x outcome x intake x channel x campaign (and the channel total), persons after disclosure control",
  source: `SELECT model, outcome, intake, channel, CASE WHEN campaign = 'all' THEN NULL ELSE campaign END AS campaign,
                  persons, CASE WHEN campaign = 'all' THEN 1 ELSE 0 END AS _grouping
             FROM marts.mart_attribution
            WHERE intake IS NOT NULL`,
  dimensions: ["model", "outcome", "intake", "channel", "campaign"],
  margins: [["model", "outcome", "intake", "channel"]],
  totals: "source",
  measures: [{ kind: "count", column: "persons" }],
});
