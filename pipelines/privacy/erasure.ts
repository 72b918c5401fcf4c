import { erasedCondition, erasedLineCondition, PERSON_KEYS } from "../../loaders/person-keys.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { qualified } from "../../warehouse/sql.ts";

/**
 * An erasure goes through its steps in order, each recorded in meta.erasure_request in the same
 * transaction as the work it names, so a killed `slm erase` is finished from where it stopped:
 * - recorded: every keyed identifier of the person is on meta.erasure_list (nothing removed yet);
 * - raw_erased: no raw row or quarantined line carries one of them;
 * - done: every model is rebuilt without them, earlier releases are gone, and the warehouse file is
 *   compacted, so their bytes are gone too.
 */
export type ErasureStep = "recorded" | "raw_erased" | "done";

export interface ErasureRequest {
  erasure_id: string;
  step: ErasureStep;
  lookup: string;
  persons: number;
}

export interface RawErasure {
  raw_rows_deleted: Record<string, number>;
  quarantine_rows_redacted: number;
}

/**
 * Step "recorded": the request and every pseudonymous identifier of the persons (national, system and
 * e-mail keys of each of their records, and each record's own key) in one transaction. Returns how many
 * identifiers this erasure added to the list.
 */
export async function recordErasure(
  warehouse: Warehouse,
  request: { erasureId: string; lookup: string; personIds: string[] },
): Promise<number> {
  const persons = `[${request.personIds.join(",")}]`;
  return warehouse.transaction(async () => {
    await warehouse.run("INSERT INTO meta.erasure_request VALUES ($1, now(), $2, $3, 'recorded', NULL)", [
      request.erasureId,
      request.lookup,
      request.personIds.length,
    ]);
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
      [persons, request.erasureId],
    );
    return Number(
      await warehouse.scalar("SELECT count(*) FROM meta.erasure_list WHERE erasure_id = $1", [
        request.erasureId,
      ]),
    );
  });
}

/**
 * The erasure whose list already holds the value an analyst typed (an e-mail address or a national ID,
 * pseudonymised with the local key): `slm erase` of an erased person finishes that erasure.
 */
export async function erasureHolding(warehouse: Warehouse, value: string): Promise<string | null> {
  const id = await warehouse.scalar<string>(
    `SELECT erasure_id FROM meta.erasure_list
      WHERE identifier IN (email_key($1), national_key($1, 'se'), national_key($1, 'nl'))
      ORDER BY erased_at LIMIT 1`,
    [value],
  );
  return id ?? null;
}

/**
 * Step "raw_erased": deletes every raw row carrying an identifier on the erasure list (of this and every
 * earlier erasure, so a resumed or repeated erasure catches what an earlier one missed), removes the
 * quarantined lines holding one, and keeps their quarantine rows as `erased_person` with nothing of their
 * content, so the load counts still add up. Needs the key functions. One transaction.
 */
export async function eraseRawRows(warehouse: Warehouse, erasureId: string): Promise<RawErasure> {
  return warehouse.transaction(async () => {
    const deleted: Record<string, number> = {};
    for (const table of Object.keys(PERSON_KEYS)) {
      const condition = erasedCondition(table);
      if (!condition) continue;
      const target = qualified("raw", table);
      const n = Number(await warehouse.scalar(`SELECT count(*) FROM ${target} WHERE ${condition}`));
      if (n > 0) await warehouse.run(`DELETE FROM ${target} WHERE ${condition}`);
      deleted[table] = n;
    }
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE slm_erased_lines AS
       SELECT _file_id AS file_id, _entry AS entry FROM raw.quarantined_lines WHERE ${erasedLineCondition()}`,
    );
    const redacted = Number(await warehouse.scalar("SELECT count(*) FROM slm_erased_lines"));
    if (redacted > 0) {
      await warehouse.run(
        `UPDATE meta.quarantine
            SET reason = 'erased_person', column_name = NULL, detail = 'row of a person on the erasure list'
          WHERE (file_id, entry) IN (SELECT (file_id, entry) FROM slm_erased_lines)`,
      );
      await warehouse.run(
        "DELETE FROM raw.quarantined_lines WHERE (_file_id, _entry) IN (SELECT (file_id, entry) FROM slm_erased_lines)",
      );
    }
    await warehouse.run("DROP TABLE slm_erased_lines");
    // A planned send names its recipients by their CRM contact's key, which the list holds as the record's own.
    await warehouse.run(
      "DELETE FROM meta.planned_recipient WHERE contact_key IN (SELECT identifier FROM meta.erasure_list)",
    );
    await setErasureStep(warehouse, erasureId, "raw_erased");
    return { raw_rows_deleted: deleted, quarantine_rows_redacted: redacted };
  });
}

export async function setErasureStep(
  warehouse: Warehouse,
  erasureId: string,
  step: ErasureStep,
): Promise<void> {
  await warehouse.run(
    `UPDATE meta.erasure_request SET step = $2, finished_at = CASE WHEN $2 = 'done' THEN now() END
      WHERE erasure_id = $1`,
    [erasureId, step],
  );
}

/** Erasures not yet done, oldest first. */
export async function pendingErasures(warehouse: Warehouse): Promise<ErasureRequest[]> {
  if (!(await warehouse.tableExists("meta", "erasure_request"))) return [];
  return warehouse.all<ErasureRequest>(
    `SELECT erasure_id, step, lookup, persons FROM meta.erasure_request
      WHERE step <> 'done' ORDER BY requested_at, erasure_id`,
  );
}
