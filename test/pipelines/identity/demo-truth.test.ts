import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../../../loaders/ingest.ts";
import { loadProfiles } from "../../../loaders/profile.ts";
import { evaluateIdentity } from "../../../pipelines/identity/evaluate.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { tempProject } from "../../helpers/project.ts";
import { ingestedDemo, plantedIdentifiers } from "../../helpers/truth.ts";

const profiles = await loadProfiles();

describe("identity on the demo institution, against its planted truth", { timeout: 180_000 }, () => {
  const project = tempProject();
  const truth = join(project.dir, "truth");
  const key = randomBytes(32);
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await ingestedDemo(project.dir, { persons: 2500, seed: 7 }, "2026-11-23", key);
    await runModels(warehouse);
  }, 240_000);
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });

  it("links records with pairwise precision >= 0.995 and recall >= 0.98 on the default rules", async () => {
    const score = await evaluateIdentity(warehouse, truth);
    expect(score.conflictingRecords).toBe(0);
    expect(score.records).toBeGreaterThan(3000);
    expect(score.precision).toBeGreaterThanOrEqual(0.995);
    expect(score.recall).toBeGreaterThanOrEqual(0.98);
  });

  it("keeps clear-text names, e-mail addresses and national IDs out of every table outside raw", async () => {
    const planted = plantedIdentifiers(truth);
    const columns = await warehouse.all<{ schema: string; table: string; column: string }>(
      `SELECT table_schema AS schema, table_name AS "table", column_name AS "column"
         FROM information_schema.columns
        WHERE table_schema NOT IN ('raw', 'information_schema', 'pg_catalog') AND data_type = 'VARCHAR'
          AND table_catalog = current_database()`,
    );
    expect(columns.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    for (const { schema, table, column } of columns) {
      const values = await warehouse.all<{ v: string }>(
        `SELECT DISTINCT lower("${column.replaceAll('"', '""')}") AS v FROM "${schema}"."${table}" WHERE "${column.replaceAll('"', '""')}" IS NOT NULL`,
      );
      for (const { v } of values) if (planted.has(v)) leaks.push(`${schema}.${table}.${column}: ${v}`);
    }
    expect(leaks).toEqual([]);
    // The same comparison does find them where they belong, so the scan can fail.
    const rawEmails = await warehouse.all<{ v: string }>(
      "SELECT DISTINCT lower(email) AS v FROM raw.crm__contacts",
    );
    expect(rawEmails.filter(({ v }) => planted.has(v)).length).toBeGreaterThan(100);
  });

  it("keeps every person_id across a second run and after a new extract arrives", async () => {
    const before = new Map(
      (
        await warehouse.all<{ r: string; p: string }>(
          "SELECT record_id AS r, person_id::VARCHAR AS p FROM identity.person_registry",
        )
      ).map((row) => [row.r, row.p]),
    );
    await runModels(warehouse);
    const again = await warehouse.all<{ r: string; p: string }>(
      "SELECT record_id AS r, person_id::VARCHAR AS p FROM identity.person_registry",
    );
    expect(again.every((row) => before.get(row.r) === row.p)).toBe(true);

    const extra = join(project.dir, "crm_contacts_2026-11-01.csv");
    writeFileSync(
      extra,
      "\uFEFFContactId,FirstName,LastName,Email,Phone,BirthDate,PersonalNumber,Country,SchoolCode,ProgrammeInterest,LeadSource,CreatedAt,ModifiedAt\r\n" +
        "C9999991,Zelda,Newcomer,zelda.newcomer@example.org,,,,SE,,SYSVK,web_form,2026-10-20 10:00:00,2026-10-20 10:00:00\r\n",
    );
    await ingestFiles(warehouse, [extra], { profiles });
    await runModels(warehouse);
    const after = new Map(
      (
        await warehouse.all<{ r: string; p: string }>(
          "SELECT record_id AS r, person_id::VARCHAR AS p FROM identity.person_registry",
        )
      ).map((row) => [row.r, row.p]),
    );
    expect(after.size).toBe(before.size + 1);
    for (const [record, person] of before) expect(after.get(record), record).toBe(person);
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM identity.identity_changes")).toBe(0);
  });
});
