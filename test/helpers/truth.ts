import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateDemo } from "../../demo/generate.ts";
import type { DemoOptionsInput } from "../../demo/options.ts";
import { expandInputs, ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { parseConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";

/**
 * The demo institution generated into `dir` (extracts in inbox/, the planted truth in truth/), ingested into
 * dir/w.duckdb with the default configuration, the model functions registered as of `referenceDate` and every
 * raw table in place: ready for the models a test runs.
 */
export async function ingestedDemo(
  dir: string,
  demo: Omit<DemoOptionsInput, "out" | "truthOut">,
  referenceDate: string,
  key: Buffer = randomBytes(32),
): Promise<Warehouse> {
  await generateDemo({ ...demo, out: join(dir, "inbox"), truthOut: join(dir, "truth") });
  const warehouse = await Warehouse.open(join(dir, "w.duckdb"));
  await ingestFiles(warehouse, expandInputs([join(dir, "inbox")]), { profiles: await loadProfiles() });
  await registerModelFunctions(warehouse, { key, config: parseConfig({}), referenceDate });
  await ensureAllRawTables(warehouse);
  return warehouse;
}

/** Every clear-text identifier the demo planted: names, e-mail addresses, national IDs in their usual forms. */
export function plantedIdentifiers(truthDir: string): Set<string> {
  const [header, ...lines] = readFileSync(join(truthDir, "persons.csv"), "utf8").trim().split("\n");
  const columns = header!.split(",");
  const at = (name: string) => columns.indexOf(name);
  const values = new Set<string>();
  for (const line of lines) {
    const cells = line.split(",");
    for (const name of ["email", "national_id", "bsn", "interim_id"]) {
      const value = cells[at(name)];
      if (value) values.add(value.toLowerCase());
    }
    const id = cells[at("national_id")];
    if (id?.length === 12) {
      values.add(`${id.slice(0, 8)}-${id.slice(8)}`);
      values.add(`${id.slice(2, 8)}-${id.slice(8)}`);
    }
    values.add(`${cells[at("first_name")]} ${cells[at("last_name")]}`.toLowerCase());
  }
  return values;
}
