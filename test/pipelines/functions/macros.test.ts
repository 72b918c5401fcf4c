import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { luhnCheckDigit } from "../../../identifiers/luhn.ts";
import type { SqlParams } from "../../../warehouse/connection.ts";
import { PSEUDONYM_PATTERN } from "../../../warehouse/pseudonym.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

describe("matching macros", () => {
  const warehouse = modelWarehouseFor("suite");

  const value = async (sql: string, params: SqlParams = []) =>
    (await warehouse.one<{ v: unknown }>(`SELECT ${sql} AS v`, params))?.v;

  it("writes a phone number in one form, whatever the export made of it", async () => {
    for (const phone of ["070-123 45 67", "+46 70 123 45 67", "+46701234567", " 0701234567 "]) {
      expect(await value("fold_phone($1)", [phone])).toBe("0701234567");
    }
    expect(await value("fold_phone($1)", ["+33 179974791"])).toBe("0033179974791");
    for (const fragment of ["", "123", "ext. 12", null]) {
      expect(await value("fold_phone($1)", [fragment])).toBeNull();
    }
  });

  it("keys the same name and phone alike, and needs both", async () => {
    const a = await value("name_phone_key('Anna', 'Lind', '070-123 45 67')");
    expect(a).toMatch(PSEUDONYM_PATTERN);
    expect(await value("name_phone_key('ANNA ', 'lind', '+46701234567')")).toBe(a);
    expect(await value("name_phone_key('Anna', 'Lindh', '0701234567')")).not.toBe(a);
    expect(await value("name_phone_key('Anna', 'Lind', '')")).toBeNull();
    expect(await value("name_phone_key(NULL, NULL, '0701234567')")).toBeNull();
  });

  // The key macros rely on `||` and pseudonym() passing NULL through instead of a CASE per part (to fold
  // each part once). These are the CASE forms they replaced: both must agree on every input.
  const REFERENCE: Record<string, string> = {
    "fold_full_name(a, b)": `CASE WHEN fold_name(a) IS NULL OR fold_name(b) IS NULL THEN NULL
      ELSE array_to_string(list_sort([fold_name(a), fold_name(b)]), '|') END`,
    "name_email_key(a, b, c)": `CASE WHEN fold_full_name(a, b) IS NULL OR fold_email(c) IS NULL THEN NULL
      ELSE pseudonym('nee|' || fold_full_name(a, b) || '|' || fold_email(c)) END`,
    "name_key(a, b)":
      "CASE WHEN fold_full_name(a, b) IS NULL THEN NULL ELSE pseudonym('nn|' || fold_full_name(a, b)) END",
    "email_key(c)": "CASE WHEN fold_email(c) IS NULL THEN NULL ELSE pseudonym('em|' || fold_email(c)) END",
    "name_employer_key(a, b, c)": `CASE WHEN fold_full_name(a, b) IS NULL OR fold_name(c) IS NULL THEN NULL
      ELSE pseudonym('nw|' || fold_full_name(a, b) || '|' || fold_name(c)) END`,
    "name_phone_key(a, b, c)": `CASE WHEN fold_full_name(a, b) IS NULL OR fold_phone(c) IS NULL THEN NULL
      ELSE pseudonym('np|' || fold_full_name(a, b) || '|' || fold_phone(c)) END`,
    "system_key('crm', c)": `CASE WHEN nullif(trim(coalesce(c, '')), '') IS NULL THEN NULL
      ELSE pseudonym('sys|crm|' || trim(c)) END`,
  };
  const part = fc.option(
    fc.string({
      unit: fc.constantFrom("a", "B", "å", "É", "ø", " ", "-", ".", "1", "+", "@", "|"),
      maxLength: 8,
    }),
    { nil: null },
  );

  it("gives every key exactly what its CASE form gave, NULL parts and all", async () => {
    // One query over many generated rows: binding these nested macros costs about half a second per
    // statement, so a statement per sample would take a minute.
    const samples = fc.sample(fc.tuple(part, part, part), { numRuns: 400, seed: 11 });
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE macro_samples AS
       WITH s AS (SELECT from_json($1, '["VARCHAR[]"]') AS l)
       SELECT i, l[i + 1][1] AS a, l[i + 1][2] AS b, l[i + 1][3] AS c FROM s, range(len(l)) AS r(i)`,
      [JSON.stringify(samples)],
    );
    const macros = Object.entries(REFERENCE);
    const columns = macros.map(([macro, reference], i) => `${macro} AS got${i}, ${reference} AS want${i}`);
    const rows = await warehouse.all<Record<string, unknown>>(
      `SELECT i, ${columns.join(", ")} FROM macro_samples ORDER BY i`,
    );
    expect(rows).toHaveLength(samples.length);
    let nonNull = 0;
    for (const row of rows) {
      macros.forEach(([macro], i) => {
        const input = JSON.stringify(samples[row.i as number]);
        expect(row[`got${i}`], `${macro} of ${input}`).toBe(row[`want${i}`]);
        if (row[`want${i}`] !== null) nonNull++;
      });
    }
    // the samples reach both sides of every NULL rule, not only missing parts
    expect(nonNull).toBeGreaterThan(samples.length);
  });

  it("keys each record's name through name_keys() as name_key() does, joined back on the name", async () => {
    // names repeat (swapped, cased, spaced, missing): the join must give each record its own name's key
    const names = fc.sample(fc.tuple(part, part), { numRuns: 300, seed: 12 });
    const records = [...names, ...names.map(([a, b]) => [b, a]), ...names.slice(0, 50)];
    const rows = await warehouse.all<{ i: number; got: string | null; want: string | null; n: number }>(
      `WITH records AS (
         SELECT i, l[i + 1][1] AS first_name, l[i + 1][2] AS last_name
         FROM (SELECT from_json($1, '["VARCHAR[]"]') AS l), range(len(l)) AS r(i)
       )
       SELECT r.i::INTEGER AS i, k.name_key AS got, name_key(r.first_name, r.last_name) AS want,
              (SELECT count(*) FROM name_keys('records'))::INTEGER AS n
       FROM records AS r
       LEFT JOIN name_keys('records') AS k USING (first_name, last_name)
       ORDER BY i`,
      [JSON.stringify(records)],
    );
    expect(rows).toHaveLength(records.length);
    for (const row of rows) expect(row.got, JSON.stringify(records[row.i])).toBe(row.want);
    // one row per distinct (first_name, last_name), NULLs included: fewer keys than records
    const distinct = new Set(records.map((r) => JSON.stringify(r))).size;
    expect(rows[0]?.n).toBe(distinct);
    expect(distinct).toBeLessThan(records.length);
    expect(rows.filter((row) => row.want !== null).length).toBeGreaterThan(records.length / 4);
  });

  it("counts a Studielink request as enrolled when still registered, or de-registered only from the census", async () => {
    const enrolled = (status: string, on: string | null) =>
      value("studielink_enrolled($1, $2::DATE, DATE '2026-10-01')", [status, on]);
    expect(await enrolled("ingeschreven", null)).toBe(true);
    expect(await enrolled("uitgeschreven", "2026-10-01")).toBe(true);
    expect(await enrolled("uitgeschreven", "2026-09-30")).toBe(false);
    expect(await enrolled("aangemeld", "2026-10-05")).toBe(false);
    expect(await enrolled("geannuleerd", "2026-10-05")).toBe(false);
  });

  it("gives a figure its source's status, else not_yet_observable while its window is open", async () => {
    const status = (source: string | null, observable: boolean | null) =>
      value("observed_status($1, $2::BOOLEAN)", [source, observable]);
    expect(await status("no_source", false)).toBe("no_source");
    expect(await status("ok", false)).toBe("not_yet_observable");
    expect(await status("ok", true)).toBe("ok");
    expect(await status("ok", null)).toBe("ok");
    expect(await status(null, false)).toBe("not_yet_observable");
  });

  it("keys a valid national identifier and only a valid one", async () => {
    const key = await value("national_key('19121212-1212', 'se')");
    expect(key).toMatch(PSEUDONYM_PATTERN);
    expect(await value("national_key('191212121212', 'se')")).toBe(key);
    expect(await value("national_key('121272-1212', 'se')")).toBeNull();
    expect(await value("national_key(NULL, 'se')")).toBeNull();
  });

  // A plain Swedish ID is keyed in SQL (identifiers/plain-swedish-id.ts), the rest by the JavaScript rules:
  // both must give the key the JavaScript rules give, for every form and country.
  it("keys every value as the JavaScript rules do, the plain Swedish IDs keyed in SQL included", async () => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    const ids = fc
      .record({
        century: fc.constantFrom("", "19", "20", "00"),
        date: fc.constantFrom("121212", "000229", "960229", "121272", "121332", "120231", "850709"),
        separator: fc.constantFrom("", "-", "+", " "),
        serial: fc.integer({ min: 0, max: 999 }),
        // the right check digit half the time: most plain IDs then pass in SQL
        check: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
        letter: fc.constantFrom(null, null, "T"),
      })
      .map(({ century, date, separator, serial, check, letter }) => {
        const digits = letter ? `1${pad(serial % 100, 2)}` : pad(serial, 3);
        const text = letter ? `${letter}${pad(serial % 100, 2)}` : digits;
        return `${century}${date}${separator}${text}${check ?? luhnCheckDigit(date + digits)}`;
      });
    const values = fc.oneof(
      ids,
      fc.constantFrom("0701234569", "004612121212", "123456782", " 19121212-1212"),
    );
    const countries = fc.constantFrom("se", "SE", "nl", "any", null);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(values, countries), { minLength: 1, maxLength: 60 }),
        async (rows) => {
          const result = await warehouse.all<{ fast: string | null; rules: string | null }>(
            `SELECT national_key(v, c) AS fast, pseudonym(national_id_key(v, c)) AS rules
             FROM (SELECT unnest($1::VARCHAR[]) AS v, unnest($2::VARCHAR[]) AS c)`,
            [JSON.stringify(rows.map(([v]) => v)), JSON.stringify(rows.map(([, c]) => c))],
          );
          expect(result.map((row) => row.fast)).toEqual(result.map((row) => row.rules));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("latest_versions, the newest version of each record of a raw table", () => {
  const warehouse = modelWarehouseFor("suite", async (warehouse) => {
    await warehouse.run("CREATE SCHEMA IF NOT EXISTS raw");
    // _file_id 2 is newer than 1; within a file the last row wins. The two rows of file 3 share a line
    // (_row), as an unpivoted export's do.
    await warehouse.run(`CREATE TABLE raw.t__versions AS SELECT * FROM (VALUES
      (1, 1, 'a', 'x', 'a1'), (2, 1, 'a', 'x', 'a2'), (1, 2, 'a', 'x', 'a1b'),
      (1, 3, 'b', NULL, 'b1'), (1, 4, 'b', NULL, 'b1b'),
      (2, 2, 'c', 'y', 'c-kept'), (2, 3, 'c', NULL, 'c-left-out'),
      (1, 5, NULL, 'z', 'n1'), (1, 6, NULL, 'z', 'n2'),
      (3, 1, 'd', 'w', 'd1'), (3, 1, 'd', 'w', 'd2')
    ) AS v(_file_id, _row, id, part, label)`);
  });

  const labels = async (sql: string) =>
    (await warehouse.all<{ label: string }>(`${sql} ORDER BY label`)).map((row) => row.label);

  it("keeps one row per key: the newest file's, the last of its file", async () => {
    const kept = await labels("SELECT label FROM latest_versions('raw.t__versions', id)");
    expect(kept.filter((label) => !label.startsWith("d"))).toEqual(["a2", "b1b", "c-left-out", "n2"]);
    // two rows of one line are two rows still, and one of them is kept
    expect(kept.filter((label) => label.startsWith("d"))).toHaveLength(1);
    expect(await labels("SELECT label FROM latest_versions('raw.t__versions', (id, part))")).toHaveLength(6);
  });

  it("leaves rows out before the choice, so a newer row left out hides no older one", async () => {
    expect(
      await labels("SELECT label FROM latest_versions('raw.t__versions', id, keep := part IS NOT NULL)"),
    ).toEqual(["a2", "c-kept", expect.stringMatching(/^d/), "n2"]);
  });

  it("gives what the QUALIFY form it replaced gave, every column included", async () => {
    const reference = `SELECT * FROM raw.t__versions WHERE id IS DISTINCT FROM 'd'
      QUALIFY row_number() OVER (PARTITION BY id, part ORDER BY _file_id DESC, _row DESC) = 1`;
    const macro = `SELECT * FROM latest_versions('raw.t__versions', (id, part), keep := id IS DISTINCT FROM 'd')`;
    const rows = async (sql: string) => warehouse.all(`${sql} ORDER BY ALL`);
    expect(await rows(macro)).toEqual(await rows(reference));
  });

  it("orders by file, then row, for every row number of a file, and stops on one past 2^32", async () => {
    await warehouse.run(`CREATE OR REPLACE TABLE raw.t__rows AS SELECT * FROM (VALUES
      (1, 4294967295, 'e', 'e-old'), (2, 1, 'e', 'e-new'), (1, 1, 'f', 'f-old'), (1, 4294967295, 'f', 'f-new')
    ) AS v(_file_id, _row, id, label)`);
    expect(await labels("SELECT label FROM latest_versions('raw.t__rows', id)")).toEqual(["e-new", "f-new"]);
    await warehouse.run("INSERT INTO raw.t__rows VALUES (1, 4294967296, 'g', 'g')");
    await expect(labels("SELECT label FROM latest_versions('raw.t__rows', id)")).rejects.toThrow(/2\^32/);
  });
});
