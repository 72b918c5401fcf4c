/**
 * The default demo (`slm demo`: 20,000 persons, seed 1), the size the README quotes, against its planted truth:
 * identity's pairwise precision and recall, and the school of origin of the students who started. The 2,500-person
 * test beside identity stays as the quick one; the false merges this guards against (namesakes at one employer, two
 * persons given one interim number) only showed at this size.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateIdentity, type IdentityEvaluation } from "../../pipelines/identity/evaluate.ts";
import { runModels } from "../../pipelines/runner.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { tempProject } from "../helpers/project.ts";
import { ingestedDemo } from "../helpers/truth.ts";

describe("the default demo against its planted truth", { timeout: 300_000 }, () => {
  const project = tempProject();
  const truth = join(project.dir, "truth");
  let warehouse: Warehouse;
  let score: IdentityEvaluation;

  beforeAll(async () => {
    warehouse = await ingestedDemo(project.dir, {}, "2026-11-23");
    await runModels(warehouse);
    // also leaves slm_truth (record_id -> true person) for the school checks
    score = await evaluateIdentity(warehouse, truth);
    await warehouse.run(
      `CREATE TEMP TABLE true_persons AS
       SELECT person_id AS true_person, nullif(school_code, '') AS school_code, enrolled = '1' AS enrolled
         FROM read_csv($1, header = true, all_varchar = true)`,
      [join(truth, "persons.csv")],
    );
    // each resolved person as the true person most of its records are (a false merge has a minority)
    await warehouse.run(
      `CREATE TEMP TABLE resolved AS
       SELECT r.person_id, mode(t.true_person) AS true_person
         FROM identity.person_registry AS r JOIN slm_truth AS t USING (record_id)
        GROUP BY r.person_id`,
    );
  }, 600_000);
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });

  it("links records with pairwise precision >= 0.995 and recall >= 0.98", () => {
    expect(score.records).toBeGreaterThan(30_000);
    expect(score.conflictingRecords).toBe(0);
    expect(score.precision).toBeGreaterThanOrEqual(0.995);
    expect(score.recall).toBeGreaterThanOrEqual(0.98);
  });

  it("knows the right school of origin for >= 95% of the students who started with a school in the truth", async () => {
    const row = await warehouse.one<{ starts: number; known: number; right: number }>(
      `SELECT count(*)::INTEGER AS starts,
              count(s.school_code)::INTEGER AS known,
              count(*) FILTER (WHERE s.school_code = t.school_code)::INTEGER AS right
         FROM core.fct_programme_starts AS s
         JOIN resolved AS r USING (person_id)
         JOIN true_persons AS t USING (true_person)
        WHERE t.school_code IS NOT NULL`,
    );
    expect(row!.starts).toBeGreaterThan(2_500);
    expect(row!.known / row!.starts).toBeGreaterThanOrEqual(0.95);
    expect(row!.right / row!.starts).toBeGreaterThanOrEqual(0.95);
  });

  it("counts the enrolled of the five largest schools exactly as the truth does (before rounding)", async () => {
    const rows = await warehouse.all<{ school_code: string; truth: number; mart: number | null }>(
      `WITH truth AS (
         SELECT school_code, count(*)::INTEGER AS enrolled
           FROM true_persons WHERE enrolled AND school_code IS NOT NULL
          GROUP BY school_code ORDER BY enrolled DESC, school_code LIMIT 5
       )
       SELECT t.school_code, t.enrolled AS truth, m.enrolled::INTEGER AS mart
         FROM truth AS t LEFT JOIN marts.mart_school_feeder AS m USING (school_code)
        ORDER BY t.enrolled DESC, t.school_code`,
    );
    expect(rows).toHaveLength(5);
    expect(rows[0]!.truth).toBeGreaterThan(100);
    for (const row of rows) expect(row.mart, row.school_code).toBe(row.truth);
  });
});
