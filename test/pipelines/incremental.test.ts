import { afterEach, describe, expect, it } from "vitest";
import { incrementalDeclaration, ModelError } from "../../pipelines/models.ts";
import type { RunResult } from "../../pipelines/runner.ts";
import { literalModelRuns } from "../helpers/models.ts";

/**
 * A mailings chain in miniature, shaped like the real one: staging keeps the newest version of each
 * message with a contact, core joins it to a person table read whole, a mart counts per person.
 */
const MODELS = {
  "staging.stg_msgs": `-- grain: one row per message
-- incremental: raw.test_msgs by msg_id
WITH newest AS (
  SELECT rowid AS row_id FROM raw.test_msgs WHERE contact IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY msg_id ORDER BY _file_id DESC, _row DESC) = 1
)
SELECT msg_id, contact, status FROM raw.test_msgs WHERE rowid IN (SELECT row_id FROM newest)`,
  "staging.stg_people": `-- grain: one row per contact
SELECT contact, person FROM raw.test_people QUALIFY row_number() OVER (PARTITION BY contact ORDER BY _file_id DESC) = 1`,
  "core.fct_msgs": `-- grain: one row per message to a known person
-- incremental: staging.stg_msgs by msg_id
SELECT m.msg_id, p.person, m.status FROM staging.stg_msgs AS m JOIN staging.stg_people AS p USING (contact)
WHERE m.status <> 'draft'`,
  "marts.mart_per_person": `-- grain: one row per message, with its person's running count
-- incremental: core.fct_msgs by person
SELECT person, msg_id, count(*) OVER (PARTITION BY person ORDER BY msg_id) AS nth,
       count(*) OVER (PARTITION BY person) AS messages
FROM core.fct_msgs`,
};
const TABLES = ["staging.stg_msgs", "staging.stg_people", "core.fct_msgs", "marts.mart_per_person"];

describe("incremental models rebuild only the keys whose input rows changed", () => {
  const runs = literalModelRuns();
  afterEach(() => runs.close());
  const incremental = () => runs.run(MODELS, { track: true, skipUnchanged: true });
  const full = () => runs.run(MODELS, { track: true, skipUnchanged: false });
  const how = (run: RunResult) =>
    Object.fromEntries(
      run.models
        .filter((m) => TABLES.includes(m.model))
        .map((m) => [m.model, m.skipped ? "kept" : m.incremental ? "incremental" : "whole"]),
    );
  const contents = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) out[table] = await runs.warehouse.all(`SELECT * FROM ${table} ORDER BY ALL`);
    return out;
  };
  const load = (file: number, rows: string) =>
    runs.warehouse.run(
      `INSERT INTO raw.test_msgs SELECT *, ${file}, row_number() OVER () FROM (VALUES ${rows}) AS v(msg_id, contact, status)`,
    );
  const leftovers = () =>
    runs.warehouse.all(
      "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%\\_\\_slm\\_%' ESCAPE '\\'",
    );

  async function setUp(models: Record<string, string> = MODELS) {
    await runs.run({}); // opens the warehouse
    await runs.warehouse.run(
      "CREATE TABLE raw.test_msgs (msg_id VARCHAR, contact VARCHAR, status VARCHAR, _file_id BIGINT, _row BIGINT)",
    );
    await runs.warehouse.run(
      "CREATE TABLE raw.test_people AS SELECT *, 1 AS _file_id FROM (VALUES ('c1', 'p1'), ('c2', 'p2'), ('c3', 'p3'), ('c5', 'p5')) AS v(contact, person)",
    );
    await load(1, "('m1', 'c1', 'sent'), ('m2', 'c1', 'sent'), ('m3', 'c2', 'sent'), ('m4', 'c3', 'sent')");
    await runs.run(models, { track: true, skipUnchanged: false });
  }

  it("replaces corrected messages, adds new ones, moves a message between persons, as a full rebuild would", async () => {
    await setUp();
    // m1 corrected (bounced), m3 moved from c2 to c3, m4 becomes a draft (leaves core), m5 and m6 new,
    // m9 the first message to p5, and a later row for m2 without a contact, which does not replace the one with a contact
    await load(
      2,
      "('m1', 'c1', 'bounced'), ('m3', 'c3', 'sent'), ('m4', 'c3', 'draft'), ('m5', 'c2', 'sent'), ('m6', 'c9', 'sent'), ('m9', 'c5', 'sent'), ('m2', NULL, 'sent')",
    );
    const run = await incremental();
    expect(how(run)).toEqual({
      "staging.stg_msgs": "incremental",
      "staging.stg_people": "kept",
      "core.fct_msgs": "incremental",
      "marts.mart_per_person": "incremental",
    });
    const after = await contents();
    expect(after["marts.mart_per_person"]).toEqual([
      { person: "p1", msg_id: "m1", nth: 1, messages: 2 },
      { person: "p1", msg_id: "m2", nth: 2, messages: 2 },
      { person: "p2", msg_id: "m5", nth: 1, messages: 1 },
      { person: "p3", msg_id: "m3", nth: 1, messages: 1 },
      { person: "p5", msg_id: "m9", nth: 1, messages: 1 },
    ]);
    expect(after["staging.stg_msgs"]).toContainEqual({ msg_id: "m2", contact: "c1", status: "sent" });
    expect(await leftovers()).toEqual([]);
    expect(how(await full())).toEqual(Object.fromEntries(TABLES.map((t) => [t, "whole"])));
    expect(await contents()).toEqual(after);
  });

  it("builds a model whole when another of its inputs changed, or its input lost rows", async () => {
    await setUp();
    await runs.warehouse.run("INSERT INTO raw.test_people VALUES ('c2', 'p9', 2), ('c4', 'p4', 2)");
    await load(2, "('m7', 'c4', 'sent')");
    expect(how(await incremental())).toEqual({
      "staging.stg_msgs": "incremental",
      "staging.stg_people": "whole",
      "core.fct_msgs": "whole",
      "marts.mart_per_person": "whole",
    });
    expect(await runs.warehouse.all("SELECT person, msg_id FROM marts.mart_per_person ORDER BY ALL")).toEqual(
      [
        { person: "p1", msg_id: "m1" },
        { person: "p1", msg_id: "m2" },
        { person: "p3", msg_id: "m4" },
        { person: "p4", msg_id: "m7" },
        { person: "p9", msg_id: "m3" },
      ],
    );
    // erasure removes raw rows in place: nothing of what was built from them can be patched
    await runs.warehouse.run("DELETE FROM raw.test_msgs WHERE msg_id = 'm1'");
    await load(3, "('m8', 'c1', 'sent')");
    expect(how(await incremental())).toEqual({
      "staging.stg_msgs": "whole",
      "staging.stg_people": "kept",
      "core.fct_msgs": "whole",
      "marts.mart_per_person": "whole",
    });
    expect(await runs.warehouse.all("SELECT msg_id FROM core.fct_msgs ORDER BY ALL")).toEqual([
      { msg_id: "m2" },
      { msg_id: "m3" },
      { msg_id: "m4" },
      { msg_id: "m7" },
      { msg_id: "m8" },
    ]);
  });

  it("leaves the previous tables when a later model fails, and patches them next time", async () => {
    await setUp();
    const before = await contents();
    await load(2, "('m5', 'c2', 'sent')");
    const broken = {
      ...MODELS,
      "marts.mart_broken": "-- grain: x\nSELECT no_such_column FROM core.fct_msgs",
    };
    await expect(runs.run(broken, { track: true, skipUnchanged: true })).rejects.toThrow(/mart_broken/);
    expect(await contents()).toEqual(before);
    expect(await leftovers()).toEqual([]);
    expect(how(await incremental())["core.fct_msgs"]).toBe("incremental");
    expect(await runs.warehouse.all("SELECT msg_id FROM core.fct_msgs WHERE person = 'p2'")).toEqual([
      { msg_id: "m3" },
      { msg_id: "m5" },
    ]);
  });

  it("runs a kept model's tests again only when they read a rebuilt table", async () => {
    await setUp();
    const withKept = {
      ...MODELS,
      "marts.mart_kept": `-- grain: one row per person
-- test: not_null(person)
-- test: relationships(person -> marts.mart_per_person.person)
SELECT DISTINCT person FROM raw.test_people WHERE person IN ('p1', 'p3')`,
    };
    const first = await runs.run(withKept, { track: true, skipUnchanged: true });
    expect(first.tests).toBe(2);
    await load(2, "('m5', 'c2', 'sent')");
    const second = await runs.run(withKept, { track: true, skipUnchanged: true });
    expect(second.models.find((m) => m.model === "marts.mart_kept")?.skipped).toBe(true);
    expect(second.tests).toBe(1);
    // p1's messages become drafts: mart_kept is kept, but its promise about the rebuilt mart now fails
    await load(3, "('m1', 'c1', 'draft'), ('m2', 'c1', 'draft')");
    await expect(runs.run(withKept, { track: true, skipUnchanged: true })).rejects.toThrow(
      /marts\.mart_kept: relationships\(person -> marts\.mart_per_person\.person\) \(1 row\)/,
    );
  });

  it("runs a patched model's tests that hold key by key on the changed keys' rows, the others on every row", async () => {
    const tested = {
      ...MODELS,
      "core.fct_msgs": MODELS["core.fct_msgs"].replace(
        "-- incremental:",
        "-- test: unique(msg_id)\n-- test: expect(status <> 'bounced')\n-- incremental:",
      ),
      "marts.mart_per_person": MODELS["marts.mart_per_person"].replace(
        "-- incremental:",
        "-- test: unique(msg_id)\n-- incremental:",
      ),
    };
    const run = () => runs.run(tested, { track: true, skipUnchanged: true });
    await setUp(tested);
    // Rows no test of this run should see, as if they had passed before: a second m1 (a key the next file
    // leaves alone) in core, and m1 under p3 (a person it leaves alone) in the mart, whose unique(msg_id) is
    // not by its key, person, so it sees every row.
    await runs.warehouse.run("INSERT INTO core.fct_msgs VALUES ('m1', 'p1', 'sent')");
    await runs.warehouse.run("INSERT INTO marts.mart_per_person VALUES ('p3', 'm1', 1, 1)");
    await load(2, "('m5', 'c2', 'sent')");
    await expect(run()).rejects.toThrow(
      /^data tests failed: marts\.mart_per_person: unique\(msg_id\) \(2 rows\)$/,
    );
    await runs.warehouse.run("DELETE FROM marts.mart_per_person WHERE person = 'p3' AND msg_id = 'm1'");
    const passed = await run();
    expect(how(passed)["core.fct_msgs"]).toBe("incremental");
    expect(await leftovers()).toEqual([]);
    // a changed key's row breaking a promise fails the run as ever
    await load(3, "('m6', 'c2', 'bounced')");
    await expect(run()).rejects.toThrow(
      /^data tests failed: core\.fct_msgs: expect\(status <> 'bounced'\) \(1 row\)$/,
    );
    expect(await leftovers()).toEqual([]);
  });

  it("builds whole when a new row has no key: a NULL key replaces nothing", async () => {
    await setUp();
    await load(2, "(NULL, 'c1', 'sent')");
    expect(how(await incremental())["staging.stg_msgs"]).toBe("whole");
    expect(await runs.warehouse.scalar("SELECT count(*) FROM staging.stg_msgs WHERE msg_id IS NULL")).toBe(1);
  });
});

describe("the -- incremental: declaration", () => {
  it("names a table the model reads and a key column", () => {
    expect(incrementalDeclaration("m.sql", "-- incremental: raw.x by id\nSELECT * FROM raw.x")).toEqual({
      input: "raw.x",
      key: "id",
    });
    expect(
      incrementalDeclaration(
        "m.sql",
        "-- incremental: core.x by id, summing n, Persons\nSELECT * FROM core.x",
      ),
    ).toEqual({ input: "core.x", key: "id", summing: ["n", "persons"] });
    expect(incrementalDeclaration("m.sql", "SELECT 1")).toBeUndefined();
    expect(() => incrementalDeclaration("m.sql", "-- incremental: raw.x\nSELECT * FROM raw.x")).toThrow(
      ModelError,
    );
    expect(() => incrementalDeclaration("m.sql", "-- incremental: raw.x by id\nSELECT * FROM raw.y")).toThrow(
      /which it does not read/,
    );
  });
});
