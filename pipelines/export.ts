import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Warehouse } from "../warehouse/connection.ts";
import { qualified, quoteLiteral } from "../warehouse/sql.ts";
import { METRIC_REGISTRY } from "./metrics/registry.ts";

export interface ExportedFile {
  table: string;
  file: string;
  rows: number;
}

/**
 * Writes every publish table to `<dir>/<table>.json` (an array of row objects) and a manifest. Each
 * file is written beside its target and renamed into place, so a site build that runs meanwhile reads
 * either the previous complete file or the new one.
 */
export async function exportPublishTables(
  warehouse: Warehouse,
  dir: string,
  runId: number,
  /** What the site formats and names with: the institution's name and locale (sv-SE, nl-NL, en-GB). */
  site: { institution?: string; locale?: string } = {},
): Promise<ExportedFile[]> {
  mkdirSync(dir, { recursive: true });
  const tables = await warehouse.all<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'publish' ORDER BY table_name",
  );
  const exported: ExportedFile[] = [];
  for (const { table_name } of tables) {
    const file = join(dir, `${table_name}.json`);
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    // COPY takes no bound parameter for its target; the path comes from configuration, quoted.
    await warehouse.run(
      `COPY (SELECT * FROM ${qualified("publish", table_name)}) TO ${quoteLiteral(partial)} (FORMAT json, ARRAY true)`,
    );
    renameSync(partial, file);
    const rows = Number(await warehouse.scalar(`SELECT count(*) FROM ${qualified("publish", table_name)}`));
    exported.push({ table: table_name, file, rows });
  }
  // The metric definitions travel with the data, so the site's tooltips and Definitions page quote them.
  writeFileSync(
    join(dir, "metric_definitions.json.partial"),
    `${JSON.stringify([...METRIC_REGISTRY.values()], null, 2)}\n`,
  );
  renameSync(join(dir, "metric_definitions.json.partial"), join(dir, "metric_definitions.json"));
  const manifest = {
    run_id: runId,
    generated_at: new Date().toISOString(),
    institution: site.institution ?? null,
    locale: site.locale ?? "en-GB",
    tables: exported.map(({ table, rows }) => ({ table, rows })),
  };
  writeFileSync(`${join(dir, "_manifest.json")}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${join(dir, "_manifest.json")}.partial`, join(dir, "_manifest.json"));
  return exported;
}
