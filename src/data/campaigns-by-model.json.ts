import * as aq from "arquero";
import { readRelease } from "./published-columns.ts";

// The attribution table has a row per campaign and model; the Channels page shows a campaign per row with
// a column per model. Reshaped here, at build time, each count keeps its suppression flag beside it
// (<model>_suppressed), so the page's table can mark a suppressed cell instead of leaving it blank.
const rows: Record<string, unknown>[] = JSON.parse(await readRelease("pub_attribution"));
const long = rows
  .filter((d) => d.total_over === null)
  .flatMap((d) => {
    const key = { intake: d.intake, outcome: d.outcome, channel: d.channel, campaign: d.campaign };
    return [
      { ...key, column: d.model, value: d.persons },
      { ...key, column: `${d.model}_suppressed`, value: d.persons_suppressed },
    ];
  });
const MODELS = ["first_touch", "last_touch", "any_touch"];
// An empty table has no columns to group or pivot by (a CRM without admissions attributes nothing).
const pivoted =
  long.length === 0
    ? []
    : aq.from(long).groupby("intake", "outcome", "channel", "campaign").pivot("column", "value").objects();
// A model with no row for a campaign credited nobody to it: a true 0, not a missing figure.
const wide = pivoted.map((object) => {
  const row = object as Record<string, unknown>;
  for (const model of MODELS) {
    if (row[`${model}_suppressed`] === undefined) {
      Object.assign(row, { [model]: 0, [`${model}_suppressed`]: false });
    } else row[model] ??= null;
  }
  return row;
});
process.stdout.write(JSON.stringify(wide));
