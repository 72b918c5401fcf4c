import { afterEach, describe, expect, it } from "vitest";
import { declaredDataTests } from "../../pipelines/data-tests.ts";
import { testedOnDelta } from "../../pipelines/incremental.ts";
import { incrementalDeclaration, type Model, ModelError } from "../../pipelines/models.ts";
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
    // a patched model reports the rows its table holds after the swap, as a whole build does
    for (const model of run.models.filter((m) => m.incremental)) {
      expect(model.rows, model.model).toBe(
        Number(await runs.warehouse.scalar(`SELECT count(*) FROM ${model.model}`)),
      );
    }
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

/**
 * A chain whose marts are keyed by person and month: what a person's messages of one month give depends on
 * those messages only, so a daily file patches the (person, month) pairs it touches, not all of a person's months.
 */
const MONTHLY = {
  "staging.stg_mail": `-- grain: one row per message
-- incremental: raw.test_mail by msg_id
SELECT msg_id, contact, sent_at, status FROM raw.test_mail
QUALIFY row_number() OVER (PARTITION BY msg_id ORDER BY _file_id DESC, _row DESC) = 1`,
  "core.fct_mail": `-- grain: one row per message to a known person
-- incremental: staging.stg_mail by msg_id
SELECT m.msg_id, p.person, date_trunc('month', m.sent_at)::DATE AS month, m.status
FROM staging.stg_mail AS m JOIN (VALUES ('c1', 'p1'), ('c2', 'p2'), ('c3', 'p3')) AS p(contact, person) USING (contact)`,
  // summed over (person, month): per month, the persons mailed, those with a bounce, and the messages
  "marts.mart_monthly": `-- grain: one row per month
-- incremental: core.fct_mail by (person, month), summing persons, persons_bounced, messages
SELECT month, count(DISTINCT person) AS persons, count(DISTINCT person) FILTER (WHERE status = 'bounced') AS persons_bounced,
       count(*) AS messages
FROM core.fct_mail GROUP BY month`,
  // patched row by row: one row per person and month
  "marts.mart_person_months": `-- grain: one row per person x month mailed
-- incremental: core.fct_mail by (person, month)
-- test: unique(person, month)
SELECT person, month, count(*) AS messages, min(msg_id) AS first_msg FROM core.fct_mail GROUP BY person, month`,
  // the same key, its columns in another order: the upstream's changed keys are taken as they are
  "marts.mart_busy_months": `-- grain: one row per person x month with more than one message
-- incremental: marts.mart_person_months by (month, person)
SELECT person, month, messages FROM marts.mart_person_months WHERE messages > 1`,
};
const MONTHLY_MARTS = ["marts.mart_monthly", "marts.mart_person_months", "marts.mart_busy_months"];

describe("an incremental model keyed by several columns", () => {
  const runs = literalModelRuns();
  afterEach(() => runs.close());
  const run = (skipUnchanged: boolean) => runs.run(MONTHLY, { track: true, skipUnchanged });
  const how = (result: RunResult) =>
    Object.fromEntries(
      result.models
        .filter((m) => m.model in MONTHLY)
        .map((m) => [m.model, m.skipped ? "kept" : m.incremental ? "incremental" : "whole"]),
    );
  const load = (file: number, rows: string) =>
    runs.warehouse.run(
      `INSERT INTO raw.test_mail SELECT msg_id, contact, sent_at::TIMESTAMP, status, ${file}, row_number() OVER ()
         FROM (VALUES ${rows}) AS v(msg_id, contact, sent_at, status)`,
    );
  const contents = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of MONTHLY_MARTS) {
      out[table] = await runs.warehouse.all(
        `SELECT * REPLACE (strftime(month, '%Y-%m') AS month) FROM ${table} ORDER BY ALL`,
      );
    }
    return out;
  };

  async function setUp() {
    await runs.run({}); // opens the warehouse
    await runs.warehouse.run(
      "CREATE TABLE raw.test_mail (msg_id VARCHAR, contact VARCHAR, sent_at TIMESTAMP, status VARCHAR, _file_id BIGINT, _row BIGINT)",
    );
    // p1 and p2 have messages in January and February; p3 in February
    await load(
      1,
      `('m1', 'c1', '2026-01-05', 'sent'), ('m2', 'c1', '2026-02-05', 'sent'), ('m3', 'c2', '2026-01-06', 'sent'),
       ('m7', 'c2', '2026-02-07', 'sent'), ('m4', 'c3', '2026-02-08', 'bounced')`,
    );
    await run(false);
  }

  it("patches the changed (person, month) pairs, old and new, to what a full rebuild gives", async () => {
    await setUp();
    // m2 is corrected into March: p1's February loses it (a pair only the old rows name) and March gains it;
    // p2 gets a bounced message in January, whose February is untouched; p3 a first message in March
    await load(
      2,
      "('m2', 'c1', '2026-03-02', 'sent'), ('m5', 'c2', '2026-01-20', 'bounced'), ('m6', 'c3', '2026-03-03', 'sent')",
    );
    expect(how(await run(true))).toEqual({
      "staging.stg_mail": "incremental",
      "core.fct_mail": "incremental",
      "marts.mart_monthly": "incremental",
      "marts.mart_person_months": "incremental",
      "marts.mart_busy_months": "incremental",
    });
    const patched = await contents();
    // Patched for the new rows' pairs only, not the old rows' too, February would keep p1's m2 (3 persons, 3 messages).
    expect(patched["marts.mart_monthly"]).toEqual([
      { month: "2026-01", persons: 2, persons_bounced: 1, messages: 3 },
      { month: "2026-02", persons: 2, persons_bounced: 1, messages: 2 },
      { month: "2026-03", persons: 2, persons_bounced: 0, messages: 2 },
    ]);
    expect(patched["marts.mart_person_months"]).toEqual([
      { person: "p1", month: "2026-01", messages: 1, first_msg: "m1" },
      { person: "p1", month: "2026-03", messages: 1, first_msg: "m2" },
      { person: "p2", month: "2026-01", messages: 2, first_msg: "m3" },
      { person: "p2", month: "2026-02", messages: 1, first_msg: "m7" },
      { person: "p3", month: "2026-02", messages: 1, first_msg: "m4" },
      { person: "p3", month: "2026-03", messages: 1, first_msg: "m6" },
    ]);
    expect(patched["marts.mart_busy_months"]).toEqual([{ person: "p2", month: "2026-01", messages: 2 }]);
    expect(how(await run(false))).toEqual(Object.fromEntries(Object.keys(MONTHLY).map((t) => [t, "whole"])));
    expect(await contents()).toEqual(patched);
  });

  it("builds whole when a changed key has a NULL in any of its columns", async () => {
    await setUp();
    await load(2, "('m8', 'c1', NULL, 'sent')");
    const result = how(await run(true));
    expect(result["core.fct_mail"]).toBe("incremental");
    expect(result["marts.mart_person_months"]).toBe("whole");
    expect(
      await runs.warehouse.all("SELECT person, messages FROM marts.mart_person_months WHERE month IS NULL"),
    ).toEqual([{ person: "p1", messages: 1 }]);
  });
});

describe("the data tests of a model patched by a key of several columns", () => {
  const increment = { model: {} as Model, key: ["person", "month"] };
  const test = (line: string) => declaredDataTests(`-- test: ${line}`)[0]!;
  it("run on the delta only when they hold row by row, or are unique over every key column", () => {
    expect(testedOnDelta(test("unique(month, Person, department)"), increment, false)).toBe(true);
    expect(testedOnDelta(test("unique(person, department)"), increment, false)).toBe(false);
    expect(testedOnDelta(test("not_null(person)"), increment, false)).toBe(true);
    expect(testedOnDelta(test("unique(person, month)"), increment, true)).toBe(false);
  });
});

describe("the -- incremental: declaration", () => {
  it("names a table the model reads and a key column", () => {
    expect(incrementalDeclaration("m.sql", "-- incremental: raw.x by id\nSELECT * FROM raw.x")).toEqual({
      input: "raw.x",
      key: ["id"],
    });
    expect(
      incrementalDeclaration(
        "m.sql",
        "-- incremental: core.x by id, summing n, Persons\nSELECT * FROM core.x",
      ),
    ).toEqual({ input: "core.x", key: ["id"], summing: ["n", "persons"] });
    expect(incrementalDeclaration("m.sql", "SELECT 1")).toBeUndefined();
    expect(incrementalDeclaration("m.sql", "-- incremental: raw.x by (id)\nSELECT * FROM raw.x")).toEqual({
      input: "raw.x",
      key: ["id"],
    });
    expect(() => incrementalDeclaration("m.sql", "-- incremental: raw.x\nSELECT * FROM raw.x")).toThrow(
      ModelError,
    );
    expect(() => incrementalDeclaration("m.sql", "-- incremental: raw.x by id\nSELECT * FROM raw.y")).toThrow(
      /which it does not read/,
    );
  });
});

describe("the -- incremental: declaration of a key of several columns", () => {
  const declared = (line: string) =>
    incrementalDeclaration("m.sql", `-- incremental: ${line}\nSELECT * FROM core.x`);
  it("lists them in parentheses, with or without the summed columns", () => {
    expect(declared("core.x by (person_id, Sent_Month)")).toEqual({
      input: "core.x",
      key: ["person_id", "sent_month"],
    });
    expect(declared("core.x by ( person_id ,sent_month ), summing persons, messages")).toEqual({
      input: "core.x",
      key: ["person_id", "sent_month"],
      summing: ["persons", "messages"],
    });
  });
  it("refuses a list without parentheses, an empty or unclosed one, and a column named twice", () => {
    for (const line of [
      "core.x by person_id, sent_month",
      "core.x by person_id sent_month",
      "core.x by ()",
      "core.x by (person_id,)",
      "core.x by (person_id, sent_month",
      "core.x by person_id, sent_month)",
      "core.x by (person_id sent_month)",
      "core.x by (person_id, sent_month) summing persons",
    ]) {
      expect(() => declared(line), line).toThrow(/should read .* by \(<key column>, \.\.\.\)/);
    }
    expect(() => declared("core.x by (person_id, Person_id)")).toThrow(/names a key column twice/);
  });
});
