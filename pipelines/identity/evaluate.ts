import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Warehouse } from "../../warehouse/connection.ts";

export interface IdentityEvaluation {
  /** Person-records that the truth knows. */
  records: number;
  truePersons: number;
  predictedPersons: number;
  /** Pairs of records placed in one person that truly are one person. */
  truePositivePairs: number;
  predictedPairs: number;
  truePairs: number;
  precision: number;
  recall: number;
  /** Records whose truth rows name more than one person (should be 0). */
  conflictingRecords: number;
}

/**
 * Maps each kind of truth row to the person-record it belongs to, with the same expressions as
 * identity/int_person_records.sql (person_record_id(), so the comparison happens on pseudonyms).
 */
const RECORD_OF_KIND = `
  CASE
    WHEN kind = 'crm_contacts' THEN person_record_id('crm', record_key)
    WHEN kind = 'event_checkins' THEN person_record_id('checkin', record_key)
    WHEN kind = 'alumni_members' THEN person_record_id('alumni', record_key)
    WHEN kind = 'linkedin_connections' THEN person_record_id('linkedin', lower(trim(record_key)))
    -- composite keys start with the person's key in the system (SökandeId:…, Ladok-UID:…, Studentnummer:…)
    WHEN kind = 'nya_antagning' THEN person_record_id('nya', split_part(record_key, ':', 1))
    WHEN kind LIKE 'ladok\\_%' ESCAPE '\\' THEN person_record_id('ladok', split_part(record_key, ':', 1))
    WHEN kind = 'studielink_vti' THEN person_record_id('studielink', split_part(record_key, ':', 1))
    WHEN kind LIKE 'osiris\\_%' ESCAPE '\\' THEN person_record_id('osiris', split_part(record_key, ':', 1))
  END`;

/**
 * Pairwise precision and recall of the resolved persons against the demo's planted truth
 * (truth/records.csv: which source record is which person). Needs the model functions registered.
 */
export async function evaluateIdentity(warehouse: Warehouse, truthDir: string): Promise<IdentityEvaluation> {
  const file = join(truthDir, "records.csv");
  if (!existsSync(file))
    throw new Error(`${file}: no planted truth here (it comes with \`slm demo generate\`)`);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_truth AS
     SELECT DISTINCT ${RECORD_OF_KIND} AS record_id, person_id AS true_person
       FROM read_csv($1, header = true, all_varchar = true)
      WHERE person_id IS NOT NULL AND person_id <> ''`,
    [file],
  );
  const row = await warehouse.one<Omit<IdentityEvaluation, "precision" | "recall">>(
    `WITH truth AS (
       SELECT record_id, any_value(true_person) AS true_person, count(DISTINCT true_person) AS persons
         FROM slm_truth WHERE record_id IS NOT NULL GROUP BY record_id
     ),
     joined AS (
       SELECT t.record_id, t.true_person, r.person_id
         FROM truth AS t JOIN identity.person_registry AS r USING (record_id)
     ),
     cells AS (SELECT person_id, true_person, count(*) AS n FROM joined GROUP BY ALL),
     predicted AS (SELECT person_id, count(*) AS n FROM joined GROUP BY ALL),
     actual AS (SELECT true_person, count(*) AS n FROM joined GROUP BY ALL)
     SELECT
       (SELECT count(*) FROM joined)::BIGINT AS records,
       (SELECT count(*) FROM actual)::BIGINT AS truePersons,
       (SELECT count(*) FROM predicted)::BIGINT AS predictedPersons,
       (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM cells)::BIGINT AS truePositivePairs,
       (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM predicted)::BIGINT AS predictedPairs,
       (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM actual)::BIGINT AS truePairs,
       (SELECT count(*) FROM truth WHERE persons > 1)::BIGINT AS conflictingRecords`,
  );
  if (!row) throw new Error("identity evaluation returned nothing");
  return {
    ...row,
    precision: row.predictedPairs === 0 ? 1 : row.truePositivePairs / row.predictedPairs,
    recall: row.truePairs === 0 ? 1 : row.truePositivePairs / row.truePairs,
  };
}
