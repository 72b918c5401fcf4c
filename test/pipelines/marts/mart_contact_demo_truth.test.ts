import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { tempProject } from "../../helpers/project.ts";
import { ingestedDemo } from "../../helpers/truth.ts";
import { runUpstreamOf } from "../core/fct_mailings.helpers.ts";

function readTruth(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const columns = header!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [columns[i]!, cell])));
}

/**
 * The demo plants over-mailing (a burst of five messages in five days from one department: ">= 5 in 7
 * days") and collisions (a second department within 48 hours) on top of monthly mail that never does
 * either. With the default caps (more than 4 in 7 days; 10 in 30) and window (48 h) the marts must find
 * exactly the planted persons and pairs: none missed, none extra.
 */
describe("contact pressure on the demo institution, against its planted truth", () => {
  const project = tempProject();
  const truth = join(project.dir, "truth");
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await ingestedDemo(project.dir, { persons: 3000, seed: 11 }, "2026-11-23");
    await runUpstreamOf(warehouse, ["marts.mart_contact_cap_breaches", "marts.mart_contact_collisions"]);
  }, 300_000);
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });

  /** The person_id the warehouse gave each CRM contact id. */
  async function personOf(contactIds: string[]): Promise<Map<string, string>> {
    const rows = await warehouse.all<{ contact: string; person: string }>(
      `SELECT c.contact AS contact, r.person_id::VARCHAR AS person
         FROM (SELECT unnest($1::JSON::VARCHAR[]) AS contact) AS c
         JOIN identity.person_registry AS r ON r.record_id = 'crm:' || system_key('crm', c.contact)`,
      [JSON.stringify(contactIds)],
    );
    return new Map(rows.map((row) => [row.contact, row.person]));
  }

  it("finds exactly the planted over-mailed persons", async () => {
    const planted = readTruth(join(truth, "over_mailed.csv"));
    expect(planted.length).toBeGreaterThan(5);
    const persons = await personOf(planted.map((row) => row.contact_id!));
    expect(persons.size).toBe(planted.length);
    const found = await warehouse.all<{ person: string; n: number }>(
      "SELECT person_id::VARCHAR AS person, max_messages_7_days::INTEGER AS n FROM marts.mart_contact_cap_breaches",
    );
    expect(new Set(found.map((row) => row.person))).toEqual(new Set(persons.values()));
    expect(found.length).toBe(planted.length);
    expect(found.every((row) => row.n >= 5)).toBe(true);
    console.info(`over-mailed: planted ${planted.length}, found ${found.length}`);
  });

  it("finds exactly the planted collisions, pair by pair", async () => {
    const planted = readTruth(join(truth, "collisions.csv"));
    expect(planted.length).toBeGreaterThan(10);
    const persons = await personOf(planted.map((row) => row.contact_id!));
    const found = await warehouse.all<{ person: string; pair: string }>(
      `SELECT person_id::VARCHAR AS person, mailing_id_1 || '|' || department_1 || '|' || mailing_id_2 || '|' || department_2 AS pair
         FROM marts.mart_contact_collisions`,
    );
    console.info(`collisions: planted ${planted.length}, found ${found.length}`);
    expect(found.length).toBe(planted.length);
    expect(new Set(found.map((row) => `${row.person}|${row.pair}`))).toEqual(
      new Set(
        planted.map(
          (row) =>
            `${persons.get(row.contact_id!)}|${row.mailing_id_1}|${row.department_1}|${row.mailing_id_2}|${row.department_2}`,
        ),
      ),
    );
  });
});
