import { cpSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Warehouse } from "../warehouse/connection.ts";
import {
  claimFolder,
  claimLink,
  makeOwnedFolder,
  OWNED_MARKER,
  removeOwned,
} from "../warehouse/owned-folder.ts";
import { qualified, quoteLiteral } from "../warehouse/sql.ts";
import type { Privacy } from "./disclosure/rules.ts";
import { type Disclosure, disclosureSettings } from "./disclosure/settings.ts";
import type { ReferenceDate } from "./freshness/reference-date.ts";
import { publishedColumnDefinitions } from "./metrics/columns.ts";
import { GROUP_LABELS, METRIC_REGISTRY, STAGE_LABELS } from "./metrics/registry.ts";

/** An intake of the institution calendar as the site orders and pairs intakes by it. */
export interface PublishedIntake {
  intake: string;
  start_on: string | null;
  deadline: string;
  previous_intake: string | null;
}

async function intakesOf(warehouse: Warehouse, calendar: PublishedIntake[]): Promise<PublishedIntake[]> {
  const used = await publishedIntakes(warehouse);
  return calendar
    .filter((row) => used.has(row.intake))
    .map(({ intake, start_on, deadline, previous_intake }) => ({
      intake,
      start_on,
      deadline,
      previous_intake,
    }));
}

/** The intakes the release's tables name (every publish table with an `intake` column). */
async function publishedIntakes(warehouse: Warehouse): Promise<Set<string>> {
  const tables = await warehouse.all<{ table_name: string }>(
    "SELECT table_name FROM information_schema.columns WHERE table_schema = 'publish' AND column_name = 'intake'",
  );
  if (tables.length === 0) return new Set();
  const rows = await warehouse.all<{ intake: string }>(
    tables
      .map(({ table_name }) => `SELECT intake::VARCHAR AS intake FROM ${qualified("publish", table_name)}`)
      .join(" UNION "),
  );
  return new Set(rows.map((row) => row.intake));
}

export interface ExportedFile {
  table: string;
  file: string;
  rows: number;
}

/**
 * Releases live in hidden siblings of the publish directory (`.publish.<run>`), and the publish path is a
 * symlink to the current one. A release is written whole into `.publish.<run>.partial`, renamed, and the
 * symlink is replaced by rename, which is atomic: a site build, or a process killed mid-export, never sees
 * tables of two releases side by side. Mixing them could undo secondary suppression, which holds only
 * within one release.
 *
 * Every release carries the marker of warehouse/owned-folder.ts, and the publish path counts as ours only
 * when it links to such a release: a publish path or a release-like name the product did not make is
 * refused (or, among the siblings it tidies, left alone), never moved aside or deleted.
 */
const KIND = "publish-release";
const FIX =
  "point paths.publish in slm.config.json at a new or empty folder, or move this one away (a publish folder from an slm older than its .slm-owned markers: delete it and its .publish.* siblings yourself)";

function releaseName(dir: string, runId: number): string {
  return `.${basename(dir)}.${runId}`;
}

function isReleaseOf(dir: string, name: string): boolean {
  const prefix = `.${basename(dir)}.`;
  return name.startsWith(prefix) && /^\d+(\.partial|\.link|\.old)?$/.test(name.slice(prefix.length));
}

/** The release-like siblings of dir, its links first (so none is judged after its release is gone). */
function releasesOf(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dirname(dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .filter((name) => isReleaseOf(dir, name))
    .sort((a, b) => Number(b.endsWith(".link")) - Number(a.endsWith(".link")));
}

/** The release the publish path links to; null when nothing (or an empty folder) is there yet. */
function liveRelease(dir: string): string | null {
  return claimLink(dir, KIND, FIX, (target) => isReleaseOf(dir, target));
}

/** The files a release holds besides one `<table>.json` per publish table. */
export const RELEASE_DOCUMENTS = {
  manifest: "_manifest.json",
  metrics: "metric_definitions.json",
  columns: "column_definitions.json",
} as const;

export async function exportPublishTables(
  warehouse: Warehouse,
  dir: string,
  runId: number,
  /**
   * What the site formats and names with: the institution's name and locale (sv-SE, nl-NL, en-GB), the
   * day its figures are as of, and the disclosure settings the release was made with, which the site's
   * notes and markers state.
   */
  site: {
    institution?: string;
    locale?: string;
    asOf?: ReferenceDate;
    privacy?: Privacy;
    intakes?: PublishedIntake[];
  } = {},
): Promise<ExportedFile[]> {
  const parent = dirname(dir);
  const release = releaseName(dir, runId);
  const target = join(parent, release);
  // Refused before anything is written: a publish path, or a release of this run id, not made here.
  const live = liveRelease(dir);
  claimFolder(target, KIND, FIX);
  mkdirSync(parent, { recursive: true });
  // A release left half-written (or set aside) by a killed run is never published; drop it.
  for (const name of releasesOf(dir)) {
    if (!/\.\d+$/.test(name) && name !== live) removeOwned(join(parent, name), KIND);
  }
  const staging = join(parent, `${release}.partial`);
  makeOwnedFolder(staging, KIND, FIX);
  const tables = await warehouse.all<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'publish' ORDER BY table_name",
  );
  const exported: ExportedFile[] = [];
  for (const { table_name } of tables) {
    // COPY takes no bound parameter for its target; the path comes from configuration, quoted. It answers
    // with the rows it wrote.
    const rows = Number(
      await warehouse.scalar(
        `COPY (SELECT * FROM ${qualified("publish", table_name)}) TO ${quoteLiteral(join(staging, `${table_name}.json`))} (FORMAT json, ARRAY true)`,
      ),
    );
    exported.push({ table: table_name, file: join(dir, `${table_name}.json`), rows });
  }
  // The metric definitions travel with the data, so the site's tooltips and Definitions page quote them.
  writeFileSync(
    join(staging, RELEASE_DOCUMENTS.metrics),
    `${JSON.stringify([...METRIC_REGISTRY.values()], null, 2)}\n`,
  );
  // and so does a line on every published column, for the Definitions page
  writeFileSync(
    join(staging, RELEASE_DOCUMENTS.columns),
    `${JSON.stringify(await publishedColumnDefinitions(warehouse), null, 2)}\n`,
  );

  const manifest = {
    run_id: runId,
    generated_at: new Date().toISOString(),
    institution: site.institution ?? null,
    locale: site.locale ?? "en-GB",
    // the day every figure is as of, and why that day (pipelines/freshness/reference-date.ts)
    as_of: site.asOf?.date ?? null,
    as_of_source: site.asOf?.source ?? null,
    disclosure: disclosureSettings(site.privacy) satisfies Disclosure,
    // the registry's names for stages and group codes, so no page shows an id
    labels: { stages: STAGE_LABELS, groups: GROUP_LABELS },
    // the calendar's dates of the intakes published, so pages order intakes by when they start (HT2025
    // before VT2026), not as text, and pair each with its previous cycle's
    intakes: await intakesOf(warehouse, site.intakes ?? []),
    tables: exported.map(({ table, rows }) => ({ table, rows })),
  };
  writeFileSync(join(staging, RELEASE_DOCUMENTS.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  const aside = `${release}.old`;
  if (claimFolder(target, KIND, FIX) !== "absent") {
    // A release of this run id exists already: the warehouse was made anew (run ids restart at 1) or the
    // run is exported twice. The published one is first copied aside and the link pointed at the copy,
    // so the link never names a missing folder, not even at a moment a killed run could stop in.
    if (live === release) {
      removeOwned(join(parent, aside), KIND);
      makeOwnedFolder(join(parent, aside), KIND, FIX);
      cpSync(target, join(parent, aside), {
        recursive: true,
        filter: (path) => basename(path) !== OWNED_MARKER,
      });
      switchRelease(dir, aside);
    }
    removeOwned(target, KIND);
  }
  renameSync(staging, target);
  const previous = switchRelease(dir, release);
  // The release just replaced stays, so a reader that resolved the link before the switch can finish
  // reading it (a site build reads its own copy); a copy set aside for the swap above is not a release.
  for (const name of releasesOf(dir)) {
    if (name !== release && (name !== previous || name === aside)) removeOwned(join(parent, name), KIND);
  }
  return exported;
}

/**
 * Deletes every release of the publish path `publishDir` but the one it links to: earlier releases,
 * half-written ones, ones set aside and stray links, so an erasure leaves no copy of earlier numbers.
 * Only what carries the product's marker is touched. Returns the names it removed.
 */
export function removeEarlierReleases(publishDir: string): string[] {
  const live = liveRelease(publishDir);
  const parent = dirname(publishDir);
  return releasesOf(publishDir).filter((name) => name !== live && removeOwned(join(parent, name), KIND));
}

/** Points `dir` at `release` (a sibling's name); returns the release it pointed at before, if any. */
function switchRelease(dir: string, release: string): string | null {
  const previous = liveRelease(dir);
  // An empty folder at the publish path is taken over.
  if (previous === null) removeOwned(dir, KIND);
  const link = join(dirname(dir), `${release}.link`);
  if (claimLink(link, KIND, FIX) !== null) removeOwned(link, KIND);
  symlinkSync(release, link);
  renameSync(link, dir);
  return previous;
}
