import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { erasedCondition, PERSON_KEYS, personKeyColumns } from "../../loaders/person-keys.ts";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { audit } from "../../warehouse/audit.ts";
import { compactWarehouse } from "../../warehouse/compact.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { qualified, quoteIdent } from "../../warehouse/sql.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { count, printJson, progress } from "../output.ts";
import { findPersonIds, lookupKind } from "./person.ts";
import { runCommand } from "./run.ts";

export interface EraseResult {
  erasure_id: string;
  lookup: ReturnType<typeof lookupKind>;
  persons: number;
  identifiers: number;
  raw_rows_deleted: Record<string, number>;
  quarantine_rows_redacted: number;
  run_id: number;
  bytes_before: number;
  bytes_after: number;
}

/**
 * Puts every pseudonymous identifier of the persons on the erasure list, then deletes each raw row
 * carrying one, and blanks quarantined lines holding one of their identifier values (the quarantine
 * keeps its reason and line, so the load counts still add up). Returns counts only.
 */
async function eraseRaw(
  warehouse: Warehouse,
  personIds: string[],
  erasureId: string,
): Promise<Pick<EraseResult, "identifiers" | "raw_rows_deleted" | "quarantine_rows_redacted">> {
  return warehouse.transaction(async () => {
    // A record_id is '<source>:<system key>', so it names the record's own key besides its identifiers.
    await warehouse.run(
      `INSERT INTO meta.erasure_list
       WITH records AS (
         SELECT p.national_keys, p.system_keys, p.email_keys
           FROM identity.int_person_records AS p
           JOIN identity.person_registry AS r USING (record_id)
          WHERE r.person_id IN (SELECT unnest($1::BIGINT[]))
       )
       SELECT identifier, any_value(kind), $2, now()
         FROM (
           SELECT unnest(national_keys) AS identifier, 'national_id' AS kind FROM records
           UNION ALL
           SELECT unnest(system_keys), 'system_id' FROM records
           UNION ALL
           SELECT unnest(email_keys), 'email' FROM records
           UNION ALL
           SELECT substr(record_id, strpos(record_id, ':') + 1), 'record'
             FROM identity.person_registry
            WHERE person_id IN (SELECT unnest($1::BIGINT[]))
         )
        WHERE identifier IS NOT NULL AND identifier NOT IN (SELECT identifier FROM meta.erasure_list)
        GROUP BY identifier`,
      [`[${personIds.join(",")}]`, erasureId],
    );
    const identifiers = Number(
      await warehouse.scalar("SELECT count(*) FROM meta.erasure_list WHERE erasure_id = $1", [erasureId]),
    );
    // The clear identifier values, gathered before their rows go, find the person's quarantined lines.
    await warehouse.run("CREATE OR REPLACE TEMP TABLE slm_erased_values (value VARCHAR)");
    const deleted: Record<string, number> = {};
    for (const table of Object.keys(PERSON_KEYS)) {
      const condition = erasedCondition(table);
      if (!condition) continue;
      const target = qualified("raw", table);
      for (const column of personKeyColumns(table)) {
        await warehouse.run(
          `INSERT INTO slm_erased_values SELECT DISTINCT ${quoteIdent(column)}::VARCHAR FROM ${target}
            WHERE ${condition} AND ${quoteIdent(column)} IS NOT NULL`,
        );
      }
      const n = Number(await warehouse.scalar(`SELECT count(*) FROM ${target} WHERE ${condition}`));
      if (n > 0) await warehouse.run(`DELETE FROM ${target} WHERE ${condition}`);
      deleted[table] = n;
    }
    const matches = `(value IN (SELECT value FROM slm_erased_values)
        OR list_has_any(list_transform(regexp_split_to_array(raw_line, '[,;\\t|]'), x -> trim(x, ' "')),
                        (SELECT list(value) FROM slm_erased_values)))`;
    const redacted = Number(await warehouse.scalar(`SELECT count(*) FROM meta.quarantine WHERE ${matches}`));
    await warehouse.run(
      `UPDATE meta.quarantine
          SET reason = 'erased_person', column_name = NULL, value = NULL, detail = NULL, raw_line = NULL
        WHERE ${matches}`,
    );
    await warehouse.run("DROP TABLE slm_erased_values");
    return { identifiers, raw_rows_deleted: deleted, quarantine_rows_redacted: redacted };
  });
}

export async function eraseCommand(loaded: LoadedConfig, value: string): Promise<EraseResult> {
  const lookup = lookupKind(value);
  const erasureId = randomUUID();
  const erased = await withWarehouse(
    loaded,
    async (warehouse) => {
      if (!(await warehouse.tableExists("identity", "person_registry"))) {
        throw new CliError("no identity results yet: run `slm run` first");
      }
      await ensureAllRawTables(warehouse);
      const personIds = await findPersonIds(warehouse, value);
      const known = Number(
        await warehouse.scalar(
          "SELECT count(DISTINCT person_id) FROM identity.person_registry WHERE person_id IN (SELECT unnest($1::BIGINT[]))",
          [`[${personIds.join(",")}]`],
        ),
      );
      if (known === 0) throw new CliError("no person found for that value; nothing was erased");
      progress(`erasing ${known} person(s): raw rows, quarantine lines, erasure list`);
      const counts = await eraseRaw(warehouse, personIds, erasureId);
      await audit(warehouse, "erase", { erasure_id: erasureId, lookup, persons: known, ...counts });
      return { persons: known, ...counts };
    },
    { models: true },
  );
  progress("rebuilding derived tables and published files without them");
  // Raw rows changed in place (counts can stay the same), so every model is rebuilt.
  const run = await runCommand(loaded, true);
  progress("compacting the warehouse file so the erased bytes are gone");
  const compacted = await compactWarehouse(
    resolvePath(loaded, loaded.config.paths.warehouse),
    loaded.config.warehouse,
  );
  return {
    erasure_id: erasureId,
    lookup,
    ...erased,
    run_id: run.runId,
    bytes_before: compacted.bytesBefore,
    bytes_after: compacted.bytesAfter,
  };
}

export function registerErase(program: Command): void {
  program
    .command("erase")
    .description(
      "erase a person from every table and published file, keep them out of later loads, compact the warehouse",
    )
    .argument("<id|email|personnummer>", "a person_id, an e-mail address or a national ID")
    .option("--json", "print what was erased (counts only) as JSON")
    .action(async (value: string, options: { json?: boolean }, command: Command) => {
      const result = await eraseCommand(configFor(command.optsWithGlobals<GlobalOptions>()), value);
      if (options.json) return printJson(result);
      const rows = Object.values(result.raw_rows_deleted).reduce((sum, n) => sum + n, 0);
      process.stdout.write(
        `erasure ${result.erasure_id}: ${count(result.persons)} person(s), ${count(rows)} raw rows deleted, ` +
          `${count(result.quarantine_rows_redacted)} quarantine lines blanked, ${count(result.identifiers)} keyed hashes on the erasure list; ` +
          `rebuilt in run ${result.run_id}; warehouse file ${count(result.bytes_before)} -> ${count(result.bytes_after)} bytes\n`,
      );
    });
}
