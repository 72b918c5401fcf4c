import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { PERSON_KEYS } from "../../loaders/person-keys.ts";
import { RELEASE_DOCUMENTS } from "../../pipelines/export.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { NEXT_SUFFIX } from "../../pipelines/runner.ts";
import { loadConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { OWNED_MARKER } from "../../warehouse/owned-folder.ts";
import { readSecret } from "../../warehouse/secret.ts";
import { quoteIdent } from "../../warehouse/sql.ts";

/**
 * Columns that legitimately differ between an interrupted-then-resumed history and an uninterrupted
 * one: clocks, the local path of a file, and run ids (a killed `slm run` has already drawn its id).
 */
export const VOLATILE_COLUMNS: Record<string, string[]> = {
  "meta.load_manifest": ["started_at", "finished_at", "file_path"],
  "meta.schema_migration": ["applied_at"],
  "identity.person_registry": ["first_seen_run", "last_changed_run"],
  "identity.identity_changes": ["run_id"],
  // which run last built each model, and when: the signature is what must converge
  "meta.model_state": ["run_id", "built_at"],
};
/** Logs of what ran when: a killed run leaves its 'running' row, which is the truth about it. */
export const LOG_TABLES = new Set(["meta.pipeline_run", "meta.model_run", "meta.audit_log"]);

export function warehousePath(project: string): string {
  return join(project, "data", "warehouse.duckdb");
}

/** Opens the warehouse as the next `slm` would (replaying any write-ahead log), runs fn, closes. */
export async function withOpened<T>(project: string, fn: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await Warehouse.open(warehousePath(project));
  try {
    return await fn(warehouse);
  } finally {
    warehouse.close();
  }
}

/** One hash per base table (schema.table), over its rows in a canonical order, volatile columns left out. */
export async function tableHashes(warehouse: Warehouse): Promise<Map<string, string>> {
  const tables = await warehouse.all<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_catalog = current_database()
        AND table_schema NOT IN ('information_schema', 'pg_catalog')
      ORDER BY 1, 2`,
  );
  const hashes = new Map<string, string>();
  for (const { schema, name } of tables) {
    const key = `${schema}.${name}`;
    if (LOG_TABLES.has(key)) continue;
    // A killed run's half-built models: never read as models, cleared by the next run (runner.ts).
    if (name.endsWith(NEXT_SUFFIX)) continue;
    const exclude = VOLATILE_COLUMNS[key];
    const select = exclude ? `* EXCLUDE (${exclude.map(quoteIdent).join(", ")})` : "*";
    const hash = await warehouse.scalar<string>(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(r, chr(10) ORDER BY r)), '')
         FROM (SELECT CAST(t AS VARCHAR) AS r FROM (SELECT ${select} FROM ${quoteIdent(schema)}.${quoteIdent(name)}) t)`,
    );
    hashes.set(key, hash);
  }
  return hashes;
}

export interface ManifestRow {
  file_id: number;
  sha256: string;
  raw_table: string;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  raw_records: number;
  quarantined: number;
}

/**
 * The manifest against the rows it describes: per file, rows read = loaded + quarantined, the raw
 * table holds exactly rows_loaded records of it, the quarantine exactly rows_quarantined; and no raw
 * or quarantine row belongs to a file the manifest does not list. Returns the problems found.
 */
export async function manifestProblems(
  warehouse: Warehouse,
): Promise<{ rows: ManifestRow[]; problems: string[] }> {
  const manifest = await warehouse.all<Omit<ManifestRow, "raw_records" | "quarantined">>(
    "SELECT file_id, sha256, raw_table, rows_read, rows_loaded, rows_quarantined FROM meta.load_manifest ORDER BY file_id",
  );
  const problems: string[] = [];
  const rows: ManifestRow[] = [];
  for (const entry of manifest) {
    const [schema, table] = entry.raw_table.split(".") as [string, string];
    const rawRecords = Number(
      await warehouse.scalar(
        `SELECT count(DISTINCT _row) FROM ${quoteIdent(schema)}.${quoteIdent(table)} WHERE _file_id = $1`,
        [entry.file_id],
      ),
    );
    const quarantined = Number(
      await warehouse.scalar("SELECT count(*) FROM meta.quarantine WHERE file_id = $1", [entry.file_id]),
    );
    const row = { ...entry, raw_records: rawRecords, quarantined };
    rows.push(row);
    if (entry.rows_read !== entry.rows_loaded + entry.rows_quarantined)
      problems.push(`file ${entry.file_id}: read != loaded + quarantined`);
    if (rawRecords !== entry.rows_loaded)
      problems.push(`file ${entry.file_id}: ${rawRecords} raw records, manifest says ${entry.rows_loaded}`);
    if (quarantined !== entry.rows_quarantined)
      problems.push(
        `file ${entry.file_id}: ${quarantined} quarantined, manifest says ${entry.rows_quarantined}`,
      );
  }
  const rawTables = await warehouse.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'raw' AND table_type = 'BASE TABLE'",
  );
  for (const { name } of rawTables) {
    const orphans = Number(
      await warehouse.scalar(
        `SELECT count(*) FROM raw.${quoteIdent(name)} WHERE _file_id NOT IN (SELECT file_id FROM meta.load_manifest)`,
      ),
    );
    if (orphans > 0) problems.push(`raw.${name}: ${orphans} rows of no manifested file`);
  }
  const orphanQuarantine = Number(
    await warehouse.scalar(
      "SELECT count(*) FROM meta.quarantine WHERE file_id NOT IN (SELECT file_id FROM meta.load_manifest)",
    ),
  );
  if (orphanQuarantine > 0) problems.push(`meta.quarantine: ${orphanQuarantine} rows of no manifested file`);
  return { rows, problems };
}

/**
 * What the site would read: data/publish resolves to one complete release whose manifest names every
 * file with its row count; nothing half-written is visible there.
 */
export function publishProblems(project: string): string[] {
  const dir = join(project, "data", "publish");
  if (!existsSync(dir)) return [];
  const problems: string[] = [];
  if (!lstatSync(dir).isSymbolicLink()) problems.push("data/publish is not a release link");
  const release = realpathSync(dir);
  // The product's marker (warehouse/owned-folder.ts) is part of every release, not a published file.
  if (!existsSync(join(release, OWNED_MARKER))) problems.push(`release has no ${OWNED_MARKER}`);
  const names = readdirSync(release).filter((name) => name !== OWNED_MARKER);
  for (const name of names) if (!name.endsWith(".json")) problems.push(`stray file in release: ${name}`);
  const manifest = JSON.parse(readFileSync(join(release, "_manifest.json"), "utf8")) as {
    tables: { table: string; rows: number }[];
  };
  for (const { table, rows } of manifest.tables) {
    const file = join(release, `${table}.json`);
    if (!existsSync(file)) {
      problems.push(`${table}.json missing`);
      continue;
    }
    const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown[];
    if (parsed.length !== rows) problems.push(`${table}.json: ${parsed.length} rows, manifest says ${rows}`);
  }
  const documents = Object.values(RELEASE_DOCUMENTS);
  for (const name of documents) if (!names.includes(name)) problems.push(`${name} missing`);
  if (names.length !== manifest.tables.length + documents.length)
    problems.push(`release holds ${names.length} files`);
  return problems;
}

/** The published tables' contents (the manifest carries the run id and clock, so it is left out). */
export function publishedContents(project: string): Map<string, string> {
  const release = realpathSync(join(project, "data", "publish"));
  const contents = new Map<string, string>();
  for (const name of readdirSync(release).sort()) {
    if (name !== "_manifest.json" && name !== OWNED_MARKER)
      contents.set(name, readFileSync(join(release, name), "utf8"));
  }
  return contents;
}

/** A copy of a project: same configuration, key and inbox (and warehouse, if it has one). */
export function copyProject(from: string, to: string, parts: string[]): void {
  mkdirSync(join(to, "data"), { recursive: true });
  // verbatimSymlinks: data/publish stays a link to the copy's own release, not one into the original
  for (const part of parts)
    cpSync(join(from, part), join(to, part), { recursive: true, verbatimSymlinks: true });
}

export interface ErasureSubject {
  /** The value `slm erase` is given. */
  email: string;
  /** Every clear identifier the raw tables hold of the person (and personnummer's digit-only forms). */
  needles: string[];
}

/**
 * The person seen by the most sources (so an erasure has the most to remove), with every clear
 * identifier value of theirs that raw holds: what must be found nowhere after the erasure.
 */
export async function erasureSubject(project: string): Promise<ErasureSubject> {
  const loaded = loadConfig(project);
  return withOpened(project, async (warehouse) => {
    await registerModelFunctions(warehouse, {
      key: readSecret(join(project, "data", ".secret")),
      config: loaded.config,
      referenceDate: new Date().toISOString().slice(0, 10),
    });
    await warehouse.run(
      `CREATE TEMP TABLE subject_keys AS
       WITH person AS (
         SELECT r.person_id FROM identity.person_registry AS r
           JOIN identity.int_person_records AS p USING (record_id)
          WHERE len(p.email_keys) > 0
          GROUP BY r.person_id ORDER BY count(DISTINCT p.source) DESC, r.person_id LIMIT 1
       )
       SELECT DISTINCT unnest(p.national_keys || p.system_keys || p.email_keys) AS k
         FROM identity.int_person_records AS p JOIN identity.person_registry AS r USING (record_id)
        WHERE r.person_id = (SELECT person_id FROM person)`,
    );
    const values = new Set<string>();
    for (const [table, keys] of Object.entries(PERSON_KEYS)) {
      if (!(await warehouse.tableExists("raw", table))) continue;
      for (const { column, key } of keys) {
        const rows = await warehouse.all<{ v: string }>(
          `SELECT DISTINCT ${quoteIdent(column)}::VARCHAR AS v FROM raw.${quoteIdent(table)}
            WHERE ${key} IN (SELECT k FROM subject_keys) AND ${quoteIdent(column)} IS NOT NULL`,
        );
        for (const { v } of rows) values.add(v);
      }
    }
    const needles = new Set(values);
    for (const value of values) {
      const digits = value.replace(/\D/g, "");
      if (/^\d{6,8}[-+]?\d{4}$/.test(value) && digits.length >= 10) {
        needles.add(digits);
        needles.add(digits.slice(-10));
      }
    }
    const email = [...values].filter((v) => v.includes("@")).sort()[0];
    if (!email) throw new Error("the chosen person has no e-mail address");
    return { email, needles: [...needles].sort() };
  });
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/**
 * Where any needle is still found: every text of every row of every table (SQL), and the bytes of the
 * warehouse file, its write-ahead log, every release (data/.publish.*) and the site folder.
 */
export async function personTraces(project: string, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  const db = warehousePath(project);
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    const tables = await warehouse.all<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_catalog = current_database()`,
    );
    const holds = needles.map((_, i) => `contains(x::VARCHAR, $${i + 1})`).join(" OR ");
    for (const { s, t } of tables) {
      const table = `${quoteIdent(s)}.${quoteIdent(t)}`;
      if (Number(await warehouse.scalar(`SELECT count(*) FROM ${table} AS x WHERE ${holds}`, needles)) > 0) {
        found.push(`table ${s}.${t}`);
      }
    }
  } finally {
    warehouse.close();
  }
  const data = join(project, "data");
  const files = [
    db,
    `${db}.wal`,
    ...readdirSync(data)
      .filter((name) => name.startsWith(".publish.") || name === "publish")
      .flatMap((name) => filesUnder(join(data, name))),
    ...filesUnder(join(project, "dist")),
  ];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const needle of needles)
      if (bytes.includes(Buffer.from(needle, "utf8"))) found.push(`${file}: ${needle}`);
  }
  return found;
}
