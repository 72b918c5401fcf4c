/**
 * Figure 3: published counts of the current release (the publish path, a symlink to `.publish.<run>`).
 *
 * A count is a column X that the release publishes with an `X_suppressed` flag, has no `X_low` /
 * `X_high` interval (a rate) and holds only whole numbers (a mean does not). Counts in (0, minCount)
 * and counts off the rounding base are disclosure failures. Whole-number columns without a flag are
 * listed too (they are outside disclosure control: fine for row counts of files, not for persons).
 * A mean is published to its unit (credits to the half), so a small table's means can all be whole: the
 * columns the publish models declare as means are never taken for counts.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { discoverPublishSpecs } from "../../pipelines/disclosure/release.ts";
import { type FigureRow, row } from "./figures.ts";

export interface CountCell {
  table: string;
  column: string;
  row: number;
  value: number;
}

export interface PublishedDetails {
  release: string;
  roundTo: number;
  minCount: number;
  settingsFrom: string;
  tables: number;
  countColumns: number;
  countCells: number;
  suppressedCountCells: number;
  suppressedCells: number;
  small: CountCell[];
  offBase: CountCell[];
  /** Whole-number columns without a suppression flag holding values in (0, minCount): table.column -> cells. */
  unflaggedSmall: Record<string, number>;
}

type Json = Record<string, unknown>;

const ORDINAL = /(^|_)(order|rank|position|weeks?|days?|months?|years?|cap|to_deadline)(_|$)/;

/** Privacy settings a release's manifest may carry (under privacy or disclosure, in either spelling). */
function settingsOf(manifest: Json): { roundTo?: number; minCount?: number } {
  for (const key of ["privacy", "disclosure", "settings"]) {
    const value = manifest[key];
    if (value && typeof value === "object") {
      const v = value as Json;
      const pick = (...names: string[]) =>
        names.map((name) => v[name]).find((x): x is number => typeof x === "number");
      return {
        roundTo: pick("roundTo", "round_to", "roundingBase", "rounding_base", "rounding"),
        minCount: pick("minCount", "min_count", "threshold"),
      };
    }
  }
  return {};
}

/** `table.column` of every mean the publish models declare. */
export async function declaredMeans(): Promise<Set<string>> {
  const specs = await discoverPublishSpecs();
  return new Set(
    specs.flatMap((spec) =>
      spec.measures.flatMap((m) => (m.kind === "mean" ? [`${spec.name}.${m.name}`] : [])),
    ),
  );
}

export function auditRelease(release: string, means: ReadonlySet<string> = new Set()): PublishedDetails {
  const manifestPath = join(release, "_manifest.json");
  const manifest: Json = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : {};
  const settings = settingsOf(manifest);
  const roundTo = settings.roundTo ?? 5;
  const minCount = settings.minCount ?? 5;
  const details: PublishedDetails = {
    release,
    roundTo,
    minCount,
    settingsFrom: settings.roundTo !== undefined ? "_manifest.json" : "default (the manifest has none)",
    tables: 0,
    countColumns: 0,
    countCells: 0,
    suppressedCountCells: 0,
    suppressedCells: 0,
    small: [],
    offBase: [],
    unflaggedSmall: {},
  };
  for (const name of readdirSync(release).sort()) {
    if (!name.endsWith(".json") || name === "_manifest.json") continue;
    const data: unknown = JSON.parse(readFileSync(join(release, name), "utf8"));
    if (!Array.isArray(data) || !data.every((r) => r && typeof r === "object" && !Array.isArray(r))) continue;
    const rows = data as Json[];
    const table = name.replace(/\.json$/, "");
    details.tables++;
    const keys = new Set(rows.flatMap((r) => Object.keys(r)));
    for (const r of rows)
      for (const key of keys) if (key.endsWith("_suppressed") && r[key] === true) details.suppressedCells++;
    for (const key of keys) {
      if (key.endsWith("_suppressed") || key.endsWith("_low") || key.endsWith("_high")) continue;
      const values = rows.map((r) => r[key]).filter((v) => v !== null && v !== undefined);
      if (values.length === 0 || !values.every((v) => typeof v === "number")) continue;
      const whole = (values as number[]).every((v) => Number.isInteger(v));
      const flagged = keys.has(`${key}_suppressed`);
      const rate = keys.has(`${key}_low`) || keys.has(`${key}_high`);
      if (!whole || rate || means.has(`${table}.${key}`)) continue;
      if (!flagged) {
        // Ordinals and dimensions (stage_order, weeks_to_deadline, cap...) are not counts of anything.
        if (ORDINAL.test(key)) continue;
        const n = (values as number[]).filter((v) => v > 0 && v < minCount).length;
        if (n > 0) details.unflaggedSmall[`${table}.${key}`] = n;
        continue;
      }
      details.countColumns++;
      rows.forEach((r, i) => {
        if (r[`${key}_suppressed`] === true) details.suppressedCountCells++;
        const v = r[key];
        if (typeof v !== "number") return;
        details.countCells++;
        if (v > 0 && v < minCount) details.small.push({ table, column: key, row: i, value: v });
        if (v % roundTo !== 0) details.offBase.push({ table, column: key, row: i, value: v });
      });
    }
  }
  return details;
}

export async function probePublishedCounts(
  publish: string,
): Promise<{ rows: FigureRow[]; details: PublishedDetails }> {
  if (!existsSync(publish)) throw new Error(`no publish folder at ${publish}`);
  const details = auditRelease(realpathSync(publish), await declaredMeans());
  const rows = [
    row("release", details.release.split("/").at(-1) ?? details.release),
    row(
      "rounding base / minimum count",
      `${details.roundTo} / ${details.minCount} (${details.settingsFrom})`,
    ),
    row(
      "tables / count columns / count cells",
      `${details.tables} / ${details.countColumns} / ${details.countCells}`,
    ),
    row(`count values in (0, ${details.minCount})`, details.small.length, "0", details.small.length === 0),
    row(
      `counts not a multiple of ${details.roundTo}`,
      details.offBase.length,
      "0",
      details.offBase.length === 0,
    ),
    row("suppressed count cells", details.suppressedCountCells),
    row("suppressed cells (all flags)", details.suppressedCells),
    row(
      `whole-number columns without a suppression flag holding values in (0, ${details.minCount})`,
      Object.keys(details.unflaggedSmall).join(", ") || "none",
    ),
  ];
  return { rows, details };
}
