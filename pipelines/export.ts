import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Warehouse } from "../warehouse/connection.ts";
import { qualified, quoteLiteral } from "../warehouse/sql.ts";
import { METRIC_REGISTRY } from "./metrics/registry.ts";

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
 */
function releaseName(dir: string, runId: number): string {
  return `.${basename(dir)}.${runId}`;
}

function releasesOf(dir: string): string[] {
  const prefix = `.${basename(dir)}.`;
  return readdirSync(dirname(dir)).filter(
    (name) => name.startsWith(prefix) && /^\d+(\.partial|\.link|\.old)?$/.test(name.slice(prefix.length)),
  );
}

export async function exportPublishTables(
  warehouse: Warehouse,
  dir: string,
  runId: number,
  /** What the site formats and names with: the institution's name and locale (sv-SE, nl-NL, en-GB). */
  site: { institution?: string; locale?: string } = {},
): Promise<ExportedFile[]> {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  // A release left half-written by a killed run is never published; drop it.
  for (const name of releasesOf(dir)) {
    if (!/\.\d+$/.test(name)) rmSync(join(parent, name), { recursive: true, force: true });
  }
  const release = releaseName(dir, runId);
  const staging = join(parent, `${release}.partial`);
  mkdirSync(staging);
  const tables = await warehouse.all<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'publish' ORDER BY table_name",
  );
  const exported: ExportedFile[] = [];
  for (const { table_name } of tables) {
    // COPY takes no bound parameter for its target; the path comes from configuration, quoted.
    await warehouse.run(
      `COPY (SELECT * FROM ${qualified("publish", table_name)}) TO ${quoteLiteral(join(staging, `${table_name}.json`))} (FORMAT json, ARRAY true)`,
    );
    const rows = Number(await warehouse.scalar(`SELECT count(*) FROM ${qualified("publish", table_name)}`));
    exported.push({ table: table_name, file: join(dir, `${table_name}.json`), rows });
  }
  // The metric definitions travel with the data, so the site's tooltips and Definitions page quote them.
  writeFileSync(
    join(staging, "metric_definitions.json"),
    `${JSON.stringify([...METRIC_REGISTRY.values()], null, 2)}\n`,
  );
  const manifest = {
    run_id: runId,
    generated_at: new Date().toISOString(),
    institution: site.institution ?? null,
    locale: site.locale ?? "en-GB",
    tables: exported.map(({ table, rows }) => ({ table, rows })),
  };
  writeFileSync(join(staging, "_manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const target = join(parent, release);
  if (existsSync(target)) {
    // A release of this run id exists already: the warehouse was made anew (run ids restart at 1) or
    // the run is exported twice. Not the published one: stale, drop it. The published one: swap the
    // folder behind the link, which readers see as a brief gap rather than a mix of two releases.
    const live = isSymlink(dir) && readlinkSync(dir) === release;
    const aside = `${target}.old`;
    if (live) renameSync(target, aside);
    else rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    if (live) rmSync(aside, { recursive: true, force: true });
  } else renameSync(staging, target);
  const previous = switchRelease(dir, release);
  // The release just replaced stays, so a site build that started on it can finish reading it.
  for (const name of releasesOf(dir)) {
    if (name !== release && name !== previous) {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
  return exported;
}

/** Points `dir` at `release` (a sibling's name); returns the release it pointed at before, if any. */
function switchRelease(dir: string, release: string): string | null {
  let previous: string | null = null;
  if (existsSync(dir) || isSymlink(dir)) {
    if (isSymlink(dir)) previous = readlinkSync(dir);
    else {
      // A plain directory from before releases were versioned: keep it as the previous release.
      previous = `.${basename(dir)}.0`;
      rmSync(join(dirname(dir), previous), { recursive: true, force: true });
      renameSync(dir, join(dirname(dir), previous));
    }
  }
  const link = join(dirname(dir), `${release}.link`);
  rmSync(link, { force: true });
  symlinkSync(release, link);
  renameSync(link, dir);
  return previous;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
