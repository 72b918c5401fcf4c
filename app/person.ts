import { z } from "zod";
import { audit } from "../warehouse/audit.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { NotFoundError, NotReadyError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { personSectionSchemas, personSections } from "./person/sections.ts";
import { type Progress, silent } from "./progress.ts";

const OPEN_DAY_STAGES = new Set(["open_day_registered", "open_day_attended", "trial_lecture"]);

/**
 * The event types shown as open days and trial lectures: those the lifecycle's stage rules (configuration
 * `lifecycle.registrations` and `.checkins`) count as an open-day or trial-lecture stage; any other type is an
 * "other event".
 */
export function openDayEventTypes(lifecycle: LoadedConfig["config"]["lifecycle"]): Set<string> {
  return new Set(
    [...Object.entries(lifecycle.registrations), ...Object.entries(lifecycle.checkins)]
      .filter(([, stage]) => OPEN_DAY_STAGES.has(stage))
      .map(([type]) => type),
  );
}

const nullableText = z.string().nullable();

/** `slm person --json`: one element per person the value names, in this shape (sections: app/person/*.sql). */
export const personViewSchema = z.object({
  person_id: z.string(),
  lookup: z.enum(["person_id", "email", "national_id"]),
  records: z.array(
    z.object({
      source: z.string(),
      record_id: z.string(),
      first_seen: nullableText,
      last_seen: nullableText,
    }),
  ),
  identity: z.array(personSectionSchemas.identity),
  timeline: z.array(
    z.object({
      date: nullableText,
      stage: z.string(),
      programme_code: nullableText,
      intake: nullableText,
      channel: nullableText,
      detail: nullableText,
      source: z.string(),
    }),
  ),
  results: z.array(personSectionSchemas.results),
  degrees: z.array(personSectionSchemas.degrees),
  study_breaks: z.array(personSectionSchemas.study_breaks),
  school: personSectionSchemas.school.nullable(),
  prior_education: z.array(personSectionSchemas.prior_education),
  applications: z.array(personSectionSchemas.applications),
  open_days: z.array(personSectionSchemas.events),
  other_events: z.array(personSectionSchemas.events),
  family: z.array(personSectionSchemas.family),
  forms: z.array(personSectionSchemas.forms),
  mailings: z.array(personSectionSchemas.mailings),
  consents: z.array(personSectionSchemas.consents),
  alumni: z.array(personSectionSchemas.alumni),
  engagements: z.array(personSectionSchemas.engagements),
});

export type PersonView = z.infer<typeof personViewSchema>;

/** The core models the view reads besides identity: a warehouse without them has not finished a run. */
const CORE_TABLES = [
  "fct_lifecycle_events",
  "fct_admission_choices",
  "fct_mailings",
  "fct_consents",
  "dim_person_school",
];

/** What the analyst typed: a person_id, an e-mail address, or a national ID (personnummer or BSN). */
export function lookupKind(value: string): PersonView["lookup"] {
  if (value.includes("@")) return "email";
  if (/^\d{15,19}$/.test(value.trim())) return "person_id";
  return "national_id";
}

/**
 * The person_ids a lookup value names: the value is pseudonymised with the local key (never stored) and
 * compared with the identity layer's keys. Needs the model functions, and identity results (NotReadyError).
 */
export async function findPersonIds(warehouse: Warehouse, value: string): Promise<string[]> {
  if (!(await warehouse.tableExists("identity", "person_registry"))) {
    throw new NotReadyError("no identity results yet: run `slm run` first");
  }
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
 * `slm person`: the whole picture of one person across systems, for an authorised analyst on this machine
 * only. It reads pseudonymous tables (the lookup value is pseudonymised with the local key, never stored)
 * and writes an audit entry that records who looked and how, not whom. No person found: NotFoundError.
 */
export async function person(
  loaded: LoadedConfig,
  value: string,
  onProgress: Progress = silent,
): Promise<PersonView[]> {
  const lookup = lookupKind(value);
  const openDayTypes = openDayEventTypes(loaded.config.lifecycle);
  const views = await withWarehouse(
    loaded,
    async (warehouse) => {
      const personIds = await findPersonIds(warehouse, value);
      for (const table of CORE_TABLES) {
        if (!(await warehouse.tableExists("core", table))) {
          throw new NotReadyError(`no core.${table} yet: run \`slm run\` first`);
        }
      }
      const found: PersonView[] = [];
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
        const timeline = await warehouse.all(
          `SELECT event_date::VARCHAR AS date, stage, programme_code, intake, channel, detail,
                  split_part(record_id, ':', 1) AS source
             FROM core.fct_lifecycle_events
            WHERE person_id = $1::BIGINT
            ORDER BY event_at, stage_order`,
          [personId],
        );
        const { events, school, ...sections } = await personSections(warehouse, personId);
        found.push(
          personViewSchema.parse({
            person_id: personId,
            lookup,
            records,
            timeline,
            ...sections,
            school: school[0] ?? null,
            open_days: events.filter((e) => openDayTypes.has(e.event_type ?? "")),
            other_events: events.filter((e) => !openDayTypes.has(e.event_type ?? "")),
          }),
        );
      }
      await audit(warehouse, "person", { lookup, persons_found: found.length });
      return found;
    },
    { models: true, onProgress },
  );
  if (views.length === 0) throw new NotFoundError("no person found for that value");
  return views;
}
