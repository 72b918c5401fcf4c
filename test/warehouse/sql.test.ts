import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { qualified, quoteIdent, quoteLiteral } from "../../warehouse/sql.ts";

describe("identifier and literal quoting", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:", { migrate: false });
  });
  afterAll(() => warehouse.close());

  it("keeps a hostile name a name", async () => {
    const hostile = 'x"; DROP TABLE raw.crm; --';
    await warehouse.run(`CREATE TABLE ${quoteIdent(hostile)} (${quoteIdent(hostile)} INTEGER)`);
    const tables = await warehouse.all<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables",
    );
    expect(tables.map((t) => t.name)).toContain(hostile);
    expect(qualified("raw", 'a"b')).toBe('"raw"."a""b"');
  });

  it("round-trips any string as an identifier and as a literal", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes("\0")),
        async (text) => {
          const row = await warehouse.one<{ v: string }>(
            `SELECT ${quoteLiteral(text)} AS ${quoteIdent("v")}`,
          );
          expect(row?.v).toBe(text);
          const named = await warehouse.one(`SELECT 1 AS ${quoteIdent(text)}`);
          expect(Object.keys(named ?? {})).toEqual([text]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps a column named like an Object.prototype member as a column", async () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      const named = await warehouse.one(`SELECT 1 AS ${quoteIdent(name)}`);
      expect(Object.keys(named ?? {}), name).toEqual([name]);
    }
  });

  it("refuses empty identifiers and NUL bytes", () => {
    expect(() => quoteIdent("")).toThrow(/empty/);
    expect(() => quoteIdent("a\0b")).toThrow(/NUL/);
    expect(() => quoteLiteral("a\0b")).toThrow(/NUL/);
  });
});
