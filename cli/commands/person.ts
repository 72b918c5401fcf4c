import type { Command } from "commander";
import { audit } from "../../warehouse/audit.ts";
import type { LoadedConfig } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { printJson, progress, table } from "../output.ts";

export interface PersonView {
  person_id: string;
  lookup: "person_id" | "email" | "national_id";
  records: Record<string, unknown>[];
  timeline: Record<string, unknown>[];
}

/** What the analyst typed: a person_id, an e-mail address, or a national ID (personnummer or BSN). */
export function lookupKind(value: string): PersonView["lookup"] {
  if (value.includes("@")) return "email";
  if (/^\d{15,19}$/.test(value.trim())) return "person_id";
  return "national_id";
}

/**
 * The person_ids a lookup value names: the value is pseudonymised with the local key (never stored) and
 * compared with the identity layer's keys. Needs the model functions and identity results.
 */
export async function findPersonIds(warehouse: Warehouse, value: string): Promise<string[]> {
  if (lookupKind(value) === "person_id") return [value.trim()];
  const rows = await warehouse.all<{ person_id: string }>(
    `SELECT DISTINCT r.person_id::VARCHAR AS person_id
       FROM identity.int_person_records AS p
       JOIN identity.person_registry AS r USING (record_id)
      WHERE list_contains(p.email_keys, email_key($1))
         OR list_has_any(p.national_keys, [national_key($1, 'se'), national_key($1, 'nl')])`,
    [value],
  );
  return rows.map((row) => row.person_id);
}

/**
 * The whole picture of one person across systems, for an authorised analyst on this machine only: it
 * reads pseudonymous tables (the lookup value is pseudonymised with the local key, never stored) and
 * writes an audit entry that records who looked and how, not whom.
 */
export async function personView(loaded: LoadedConfig, value: string): Promise<PersonView[]> {
  const lookup = lookupKind(value);
  return withWarehouse(
    loaded,
    async (warehouse) => {
      if (!(await warehouse.tableExists("identity", "person_registry"))) {
        throw new CliError("no identity results yet: run `slm run` first");
      }
      const personIds = await findPersonIds(warehouse, value);
      const hasEvents = await warehouse.tableExists("core", "fct_lifecycle_events");
      const views: PersonView[] = [];
      for (const personId of personIds) {
        const records = await warehouse.all(
          `SELECT p.source, p.record_id, p.first_seen::VARCHAR AS first_seen, p.last_seen::VARCHAR AS last_seen
             FROM identity.person_registry AS r
             JOIN identity.int_person_records AS p USING (record_id)
            WHERE r.person_id = $1::BIGINT
            ORDER BY p.first_seen NULLS LAST, p.source`,
          [personId],
        );
        if (records.length === 0) continue;
        const timeline = hasEvents
          ? await warehouse.all(
              `SELECT event_date::VARCHAR AS date, stage, programme_code, intake, channel, detail,
                      split_part(record_id, ':', 1) AS source
                 FROM core.fct_lifecycle_events
                WHERE person_id = $1::BIGINT
                ORDER BY event_at, stage_order`,
              [personId],
            )
          : [];
        views.push({ person_id: personId, lookup, records, timeline });
      }
      await audit(warehouse, "person", { lookup, persons_found: views.length });
      return views;
    },
    { models: true },
  );
}

export function registerPerson(program: Command): void {
  program
    .command("person")
    .description("local-only, audited 360° timeline of one person across systems (never published)")
    .argument("<id|email|personnummer>", "a person_id, an e-mail address or a national ID")
    .option("--json", "print the person's records and timeline as JSON")
    .action(async (value: string, options: { json?: boolean }, command: Command) => {
      const views = await personView(configFor(command.optsWithGlobals<GlobalOptions>()), value);
      if (views.length === 0) throw new CliError("no person found for that value");
      if (options.json) return printJson(views);
      progress("local view for an authorised analyst; this lookup was written to the audit log");
      for (const view of views) {
        process.stdout.write(
          `person ${view.person_id} (found by ${view.lookup})\n\nRecords\n${table(view.records)}\n`,
        );
        process.stdout.write(
          `Timeline\n${view.timeline.length ? table(view.timeline) : "(no lifecycle events)\n"}\n`,
        );
      }
    });
}
