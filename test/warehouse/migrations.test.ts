import { createHmac, randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { applyMigrations, listMigrations } from "../../warehouse/migrate.ts";
import { pseudonymOf } from "../../warehouse/secret.ts";

const MIGRATIONS = join(import.meta.dirname, "../../warehouse/migrations");

/** A warehouse migrated up to (not including) `version`, as a file made by an older release would be. */
async function warehouseBefore(version: number): Promise<{ warehouse: Warehouse; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "slm-migrations-"));
  for (const migration of listMigrations(MIGRATIONS).filter((m) => m.version < version)) {
    cpSync(join(MIGRATIONS, `${migration.name}.sql`), join(dir, `${migration.name}.sql`));
  }
  const warehouse = await Warehouse.open(":memory:", { migrate: false });
  await applyMigrations(warehouse, dir);
  return { warehouse, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("0009 short pseudonyms", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("carries the registry and the erasure list over to the new form, so persons keep their ids", async () => {
    const key = randomBytes(32);
    const oldForm = (text: string) => createHmac("sha256", key).update(text, "utf8").digest("hex");
    const { warehouse, remove } = await warehouseBefore(9);
    cleanups.push(remove, () => warehouse.close());
    await warehouse.run(
      `INSERT INTO identity.person_registry VALUES
         ('crm:' || $1, 11, NULL, 1, 1), ('checkin:' || $2, 11, NULL, 1, 2), ('ladok:' || $3, 12, 10, 1, 3)`,
      [oldForm("sys|crm|C1"), oldForm("sys|checkin|K1"), oldForm("sys|ladok|U1")],
    );
    await warehouse.run(
      `INSERT INTO meta.erasure_list VALUES ($1, 'national_id', 'e1', '2026-01-01'), ($2, 'email', 'e1', '2026-01-01')`,
      [oldForm("se|199001011239"), oldForm("em|a@b.se")],
    );

    expect(await applyMigrations(warehouse, MIGRATIONS)).toEqual(
      listMigrations(MIGRATIONS)
        .filter((m) => m.version >= 9)
        .map((m) => m.name),
    );

    expect(
      await warehouse.all(
        "SELECT record_id, person_id, previous_person_id FROM identity.person_registry ORDER BY person_id, record_id",
      ),
    ).toEqual(
      [
        {
          record_id: `checkin:${pseudonymOf(key, "sys|checkin|K1")}`,
          person_id: 11,
          previous_person_id: null,
        },
        { record_id: `crm:${pseudonymOf(key, "sys|crm|C1")}`, person_id: 11, previous_person_id: null },
        { record_id: `ladok:${pseudonymOf(key, "sys|ladok|U1")}`, person_id: 12, previous_person_id: 10 },
      ].sort((a, b) => a.person_id - b.person_id || a.record_id.localeCompare(b.record_id)),
    );
    expect(await warehouse.all("SELECT identifier, kind FROM meta.erasure_list ORDER BY kind")).toEqual([
      { identifier: pseudonymOf(key, "em|a@b.se"), kind: "email" },
      { identifier: pseudonymOf(key, "se|199001011239"), kind: "national_id" },
    ]);
  });

  it("leaves values already in the new form as they are", async () => {
    const key = randomBytes(32);
    const { warehouse, remove } = await warehouseBefore(9);
    cleanups.push(remove, () => warehouse.close());
    const short = pseudonymOf(key, "sys|crm|C1");
    await warehouse.run("INSERT INTO identity.person_registry VALUES ('crm:' || $1, 1, NULL, 1, 1)", [short]);
    await warehouse.run("INSERT INTO meta.erasure_list VALUES ($1, 'system_id', 'e1', '2026-01-01')", [
      short,
    ]);
    await applyMigrations(warehouse, MIGRATIONS);
    expect(await warehouse.scalar("SELECT record_id FROM identity.person_registry")).toBe(`crm:${short}`);
    expect(await warehouse.scalar("SELECT identifier FROM meta.erasure_list")).toBe(short);
  });
});

describe("0010 quarantined lines", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("moves the values and lines of an older file's quarantine into raw, numbered per file", async () => {
    const { warehouse, remove } = await warehouseBefore(10);
    cleanups.push(remove, () => warehouse.close());
    await warehouse.run(
      `INSERT INTO meta.quarantine VALUES
         (1, 'a.csv', 4, 'Email', 'x@y', 'bad_email', 'expected email', 'Anna,x@y'),
         (1, 'a.csv', 2, NULL, NULL, 'blank_line', 'a line holding no values', ',,'),
         (2, 'b.csv', 7, NULL, NULL, 'erased_person', 'row of a person on the erasure list', NULL)`,
    );
    await applyMigrations(warehouse, MIGRATIONS);
    expect(
      await warehouse.all(
        "SELECT file_id, entry, file_name, line, column_name, reason FROM meta.quarantine ORDER BY file_id, entry",
      ),
    ).toEqual([
      { file_id: 1, entry: 1, file_name: "a.csv", line: 2, column_name: null, reason: "blank_line" },
      { file_id: 1, entry: 2, file_name: "a.csv", line: 4, column_name: "Email", reason: "bad_email" },
      { file_id: 2, entry: 1, file_name: "b.csv", line: 7, column_name: null, reason: "erased_person" },
    ]);
    expect(await warehouse.all("SELECT * FROM raw.quarantined_lines ORDER BY _file_id, _entry")).toEqual([
      { _file_id: 1, _entry: 1, value: null, raw_line: ",," },
      { _file_id: 1, _entry: 2, value: "x@y", raw_line: "Anna,x@y" },
    ]);
    const columns = await warehouse.all<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = 'quarantine'",
    );
    expect(columns.map((c) => c.column_name)).not.toContain("raw_line");
  });
});
