import { readRelease } from "./published-columns.ts";
import { toColumns } from "../components/columnar.js";

// The Channels page's conversion per first channel: the published funnel by first channel (rates with their
// Wilson intervals, as disclosure control left them), only the rows and columns that page shows. The whole
// table (4 MB on the demo) is the Funnel page's; this page needs a few hundred rows of it.
const STAGES = new Set(["application", "enrolled"]);
const COLUMNS = [
  "intake",
  "ordering",
  "stage",
  "first_channel",
  "country_group",
  "total_over",
  "cumulative_num",
  "cumulative_num_suppressed",
  "cumulative_den",
  "cumulative_den_suppressed",
  "cumulative_conversion",
  "cumulative_conversion_low",
  "cumulative_conversion_high",
  "cumulative_conversion_suppressed",
  "data_status",
];
const rows: Record<string, unknown>[] = JSON.parse(await readRelease("pub_funnel_by_channel"));
// every country group together, order of stages ignored (the Funnel page's default)
const shown = rows.filter(
  (d) => d.ordering === "any" && d.total_over === "country_group" && STAGES.has(String(d.stage)),
);
process.stdout.write(JSON.stringify(toColumns(shown, COLUMNS)));
