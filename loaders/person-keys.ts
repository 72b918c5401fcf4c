import type { Warehouse } from "../warehouse/connection.ts";
import { quoteIdent } from "../warehouse/sql.ts";
import { getContract } from "./contracts.ts";
import { LoadError } from "./errors.ts";
import { ensureRawTables } from "./raw-tables.ts";

interface PersonKey {
  column: string;
  key: string;
  /** Other columns the key is computed from (it is skipped where one of them is not loaded). */
  needs?: string[];
}

/** As stg_admissions__choices and stg_persons__attributes key a person (macros.sql admissions_person_key). */
const SYSTEM_SCOPED_KEY = "admissions_person_key(system, person_id)";

/** Whether a key of PERSON_KEYS is a source system's own id for the person (not a national ID or e-mail). */
export function isSystemKey(key: string): boolean {
  return key.startsWith("system_key(") || key === SYSTEM_SCOPED_KEY;
}

/** The raw tables whose person key is scoped by their `system` column, by contract. */
const SYSTEM_SCOPED_TABLES = ["admissions__choices", "persons__attributes"];
const SYSTEM_SCOPED_CONTRACTS = ["admissions.choices", "persons.attributes"];

/** erasedLineCondition reads the system-scoped raw tables: a warehouse older than them gets them (empty). */
export async function ensureSystemScopedTables(warehouse: Warehouse): Promise<void> {
  await ensureRawTables(warehouse, SYSTEM_SCOPED_CONTRACTS.map(getContract));
}

/**
 * For each raw table that describes persons: the pseudonymous identifiers a row carries, as the
 * staging models compute them (system_key, national_key, email_key over the same raw columns). Erasure
 * deletes a row when any of them is on meta.erasure_list, and the loaders refuse such rows on re-load,
 * so an erased person's keyed hashes are all either needs: the clear values are never kept.
 * Tables absent here (event sessions, public outcome files, programme counts) hold no person.
 */
export const PERSON_KEYS: Record<string, PersonKey[]> = {
  crm__contacts: [
    { column: "contact_id", key: "system_key('crm', contact_id)" },
    { column: "personal_number", key: "national_key(personal_number, 'se')" },
    { column: "email", key: "email_key(email)" },
  ],
  crm__form_submissions: [
    { column: "contact_id", key: "system_key('crm', contact_id)" },
    { column: "email", key: "email_key(email)" },
  ],
  crm__consents: [{ column: "contact_id", key: "system_key('crm', contact_id)" }],
  crm__mailings: [{ column: "contact_id", key: "system_key('crm', contact_id)" }],
  crm__event_registrations: [{ column: "contact_id", key: "system_key('crm', contact_id)" }],
  crm__relations: [
    { column: "contact_id", key: "system_key('crm', contact_id)" },
    { column: "related_contact_id", key: "system_key('crm', related_contact_id)" },
  ],
  checkin__checkins: [
    { column: "checkin_id", key: "system_key('checkin', checkin_id)" },
    { column: "email", key: "email_key(email)" },
  ],
  nya__applications: [
    { column: "applicant_id", key: "system_key('nya', applicant_id)" },
    { column: "personal_number", key: "national_key(personal_number, 'se')" },
    { column: "email", key: "email_key(email)" },
  ],
  ladok__students: [
    { column: "ladok_uid", key: "system_key('ladok', ladok_uid)" },
    { column: "personal_number", key: "national_key(personal_number, 'se')" },
    { column: "email", key: "email_key(email)" },
  ],
  ladok__registrations: [
    { column: "ladok_uid", key: "system_key('ladok', ladok_uid)" },
    { column: "personal_number", key: "national_key(personal_number, 'se')" },
  ],
  ladok__results: [
    { column: "ladok_uid", key: "system_key('ladok', ladok_uid)" },
    { column: "personal_number", key: "national_key(personal_number, 'se')" },
  ],
  ladok__study_breaks: [
    { column: "ladok_uid", key: "system_key('ladok', ladok_uid)" },
    { column: "personal_number", key: "national_key(personal_number, 'se')" },
  ],
  ladok__degrees: [
    { column: "ladok_uid", key: "system_key('ladok', ladok_uid)" },
    { column: "personal_number", key: "national_key(personal_number, 'se')" },
  ],
  alumni__members: [
    { column: "member_id", key: "system_key('alumni', member_id)" },
    { column: "national_id", key: "national_key(national_id, 'se')" },
    { column: "national_id", key: "national_key(national_id, 'nl')" },
    { column: "email", key: "email_key(email)" },
  ],
  alumni__engagements: [{ column: "member_id", key: "system_key('alumni', member_id)" }],
  linkedin__connections: [
    { column: "profile_url", key: "system_key('linkedin', lower(trim(profile_url)))" },
    { column: "email", key: "email_key(email)" },
  ],
  osiris__diplomas: [
    { column: "student_number", key: "system_key('osiris', student_number)" },
    { column: "bsn", key: "national_key(bsn, 'nl')" },
  ],
  osiris__results: [{ column: "student_number", key: "system_key('osiris', student_number)" }],
  // The canonical contracts: a person id is unique within its system only, so the key takes both.
  admissions__choices: [
    { column: "person_id", key: SYSTEM_SCOPED_KEY, needs: ["system"] },
    { column: "national_id", key: "national_key(national_id, 'any')" },
    { column: "email", key: "email_key(email)" },
  ],
  persons__attributes: [
    { column: "person_id", key: SYSTEM_SCOPED_KEY, needs: ["system"] },
    { column: "national_id", key: "national_key(national_id, 'any')" },
    { column: "email", key: "email_key(email)" },
  ],
  studielink__enrolment_requests: [
    { column: "studielink_number", key: "system_key('studielink', studielink_number)" },
    { column: "student_number", key: "system_key('osiris', student_number)" },
    { column: "bsn", key: "national_key(bsn, 'nl')" },
    { column: "email", key: "email_key(email)" },
  ],
};

/** SQL true for a row (columns in scope unqualified) that carries an identifier on the erasure list. */
export function erasedCondition(rawTable: string, columns?: Set<string>): string | null {
  const keys = (PERSON_KEYS[rawTable] ?? []).filter(
    (k) => !columns || [k.column, ...(k.needs ?? [])].every((column) => columns.has(column)),
  );
  if (keys.length === 0) return null;
  return `EXISTS (SELECT 1 FROM meta.erasure_list AS e WHERE e.identifier IN (${keys.map((k) => k.key).join(", ")}))`;
}

/** Every kind of keyed identifier a raw table carries, as an expression over one text value `f`. */
const FIELD_KEYS = [
  ...new Set(
    Object.values(PERSON_KEYS)
      .flat()
      .filter(({ needs }) => !needs)
      .map(({ column, key }) => key.replace(new RegExp(`\\b${column}\\b`, "g"), "f")),
  ),
].sort();

/**
 * SQL true for a quarantined line (`value` and `raw_line` in scope) that holds an identifier on the erasure
 * list: each field of the line, and the refused value, is tried as every kind of identifier the raw tables
 * carry. A quarantined line was never typed, so its identifiers are found by their keyed hashes alone, which
 * works the same before and after the person's raw rows are gone (an interrupted erasure, a re-load).
 */
export function erasedLineCondition(value = "value", rawLine = "raw_line"): string {
  const fields = `list_filter(list_distinct(list_transform(
      regexp_split_to_array(coalesce(${rawLine}, ''), '[,;\t|]') || [coalesce(${value}, '')],
      x -> trim(x, ' "'))), x -> x <> '')`;
  // A system-scoped id is tried in every system the raw tables name (a line's own system may be a profile
  // constant, not in the line): the tables exist whenever the erasure list is not empty (erasure ensures them).
  const systems = `(SELECT list(DISTINCT trim(system)) FROM (${SYSTEM_SCOPED_TABLES.map(
    (table) => `SELECT system FROM raw.${table}`,
  ).join(" UNION ALL ")}))`;
  const scoped = "admissions_person_key(s, f)";
  return `EXISTS (SELECT 1 FROM (SELECT unnest(${fields}) AS f) AS fields
                   JOIN meta.erasure_list AS e ON e.identifier IN (${FIELD_KEYS.join(", ")})
                     OR list_contains(list_transform(coalesce(${systems}, []), s -> ${scoped}), e.identifier))`;
}

export async function erasureListSize(warehouse: Warehouse): Promise<number> {
  if (!(await warehouse.tableExists("meta", "erasure_list"))) return 0;
  return Number(await warehouse.scalar("SELECT count(*) FROM meta.erasure_list"));
}

/**
 * Re-load of an old extract: rows of an erased person become quarantine rows with the reason
 * `erased_person` and nothing of their content (no value, no raw line), so rows read = loaded +
 * quarantined still holds. Needs the key functions (pseudonym) registered on the connection.
 */
export async function quarantineErasedRows(
  warehouse: Warehouse,
  typedTable: string,
  rawTable: string,
  fileName: string,
): Promise<number> {
  if ((await erasureListSize(warehouse)) === 0) return 0;
  const keyed = await warehouse.scalar<number>(
    "SELECT count(*)::INTEGER FROM duckdb_functions() WHERE function_name = 'system_key'",
  );
  if (keyed === 0) {
    throw new LoadError(
      fileName,
      "the erasure list needs the pseudonymisation key to recognise erased persons; run with the key in place",
    );
  }
  const columns = new Set(
    (await warehouse.all<{ column_name: string }>(`DESCRIBE ${typedTable}`)).map((row) => row.column_name),
  );
  const condition = erasedCondition(rawTable, columns);
  if (!condition) return 0;
  const before = Number(await warehouse.scalar(`SELECT count(*) FROM ${typedTable} WHERE ${condition}`));
  if (before === 0) return 0;
  const blanked = [...columns]
    .filter((name) => !name.startsWith("_"))
    .map((name) => `${quoteIdent(name)} = NULL`)
    .join(", ");
  await warehouse.run(
    `UPDATE ${typedTable}
        SET _problem = {'reason': 'erased_person', 'column_name': NULL::VARCHAR, 'value': NULL::VARCHAR, 'detail': 'row of a person on the erasure list'},
            _raw_line = NULL${blanked ? `, ${blanked}` : ""}
      WHERE ${condition}`,
  );
  return before;
}
