import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandCalendar } from "../../../pipelines/calendar/expand.ts";
import { discoverPublishSpecs, type PublishSpec, statusesOf } from "../../../pipelines/disclosure/index.ts";
import { metricWindows } from "../../../pipelines/metrics/registry.ts";
import { parseConfig } from "../../../warehouse/config.ts";
import { slm, tempProject } from "../../helpers/project.ts";

type Row = Record<string, unknown>;

const REFERENCE_DATE = "2026-10-01";

/** `date` plus `months` calendar months, as YYYY-MM-DD (DuckDB's date + INTERVAL n MONTH, clamped to month end). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

// Every publish table of one demo release, checked against the metric registry's windows rather than a list of
// tables: wherever a row's intake cannot yet have the outcome on the reference date (its start or census + the
// window's months is later; a window that adds the programme's nominal length closes later still), the outcome's
// figures on that row are NULL and the status governing them says 'not_yet_observable'.
describe("no published rate or outcome for an observation window that has not closed", () => {
  const project = tempProject("slm-windows-");
  const tables: Record<string, Row[]> = {};
  let specs: PublishSpec[];
  let calendar: Map<string, { start_on: string | null; census_on: string | null }>;

  beforeAll(async () => {
    const result = slm(project.dir, ["demo", "--persons", "3000", "--no-site"], {
      SLM_REFERENCE_DATE: REFERENCE_DATE,
    });
    if (result.code !== 0) throw new Error(`slm demo: ${result.stderr}`);
    const dir = join(project.dir, "data", "publish");
    for (const file of readdirSync(dir).filter((f) => f.startsWith("pub_") && f.endsWith(".json")))
      tables[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(dir, file), "utf8"));
    specs = await discoverPublishSpecs();
    const config = parseConfig(JSON.parse(readFileSync(join(project.dir, "slm.config.json"), "utf8")));
    calendar = new Map(expandCalendar(config.calendar).intakes.map((i) => [i.intake, i]));
  }, 180_000);
  afterAll(() => project.remove());

  function open(intake: unknown, window: ReturnType<typeof metricWindows>[number]["window"]): boolean {
    const cal = typeof intake === "string" ? calendar.get(intake) : undefined;
    const anchor = window.from === "start" ? cal?.start_on : cal?.census_on;
    return !!anchor && addMonths(anchor, window.months) > REFERENCE_DATE;
  }

  it("publishes every figure of an open window as NULL beside a status that says why", () => {
    const wrong: string[] = [];
    const checked = new Map<string, number>();
    for (const spec of specs) {
      const rows = tables[spec.name];
      expect(rows, spec.name).toBeDefined();
      const statuses = statusesOf(spec);
      const statusOf = (figure: string) => statuses.find((s) => s.measures.includes(figure))?.column;
      const figures = spec.measures.map((m) => ("column" in m ? m.column : m.name));
      for (const { metric, window } of metricWindows()) {
        // the metric's own figures (its rate or mean, its numerator and denominator), and every figure of a row
        // of a funnel stage the window governs
        const own = figures.filter((f) => f === metric || f === `${metric}_num` || f === `${metric}_den`);
        // an event-lift row whose outcome is enrolment rests on the enrolled count yield's window governs
        const enrolmentRow = (row: Row) => metric === "yield" && row.outcome === "enrolled";
        for (const [i, row] of rows!.entries()) {
          if (!open(row.intake, window)) continue;
          // a funnel stage's row
          const stage = row.stage;
          const stageRow = typeof stage === "string" && window.stages.includes(stage);
          for (const figure of stageRow || enrolmentRow(row) ? figures : own) {
            const status = statusOf(figure);
            const where = `${spec.name} row ${i} (${row.intake}${stageRow ? ` ${stage}` : ""}) ${figure}`;
            if (row[figure] !== null) wrong.push(`${where} = ${row[figure]}, window of ${metric} open`);
            else if (!status || row[status] !== "not_yet_observable")
              wrong.push(`${where}: status ${status ?? "(none)"} = ${status ? row[status] : "-"}`);
            checked.set(spec.name, (checked.get(spec.name) ?? 0) + 1);
          }
        }
      }
    }
    expect(wrong.slice(0, 10), `${wrong.length} figures`).toEqual([]);
    // not a test that cannot fail: the funnel's later stages, the cohorts' outcomes and yield are all met
    expect([...checked.keys()].sort()).toEqual(
      expect.arrayContaining([
        "pub_cohorts_by_prior_education",
        "pub_funnel_by_channel",
        "pub_funnel_by_intake",
      ]),
    );
  });
});
