import { createHmac, randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { PSEUDONYM_PATTERN, registerPseudonym } from "../../warehouse/pseudonym.ts";
import { pseudonymOf } from "../../warehouse/secret.ts";

describe("pseudonym() in SQL", () => {
  const key = randomBytes(32);
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:", { migrate: false });
    await registerPseudonym(warehouse, key);
  });
  afterAll(() => warehouse.close());

  it("is the first 72 bits of HMAC-SHA-256 under the key in base64url, for any text, in SQL and in JS", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (text) => {
        const value = await warehouse.scalar<string>("SELECT pseudonym($1)", [text]);
        const hmac = createHmac("sha256", key).update(text, "utf8").digest();
        expect(value).toMatch(PSEUDONYM_PATTERN);
        expect(Buffer.from(value ?? "", "base64url")).toEqual(hmac.subarray(0, 9));
        expect(value).toBe(pseudonymOf(key, text));
      }),
      { numRuns: 80 },
    );
  });

  it("matches RFC 4231 test case 2 (key 'Jefe'), truncated to 9 bytes", async () => {
    const other = await Warehouse.open(":memory:", { migrate: false });
    try {
      await registerPseudonym(other, Buffer.from("Jefe"));
      // HMAC-SHA-256 = 5bdcc146bf60754e6a042426...; its first 9 bytes in base64url
      expect(await other.scalar("SELECT pseudonym('what do ya want for nothing?')")).toBe("W9zBRr9gdU5q");
    } finally {
      other.close();
    }
  });

  it("is not a plain hash: the same value under another key differs", async () => {
    const value = await warehouse.scalar<string>("SELECT pseudonym('199001011239')");
    expect(value).toBe(pseudonymOf(key, "199001011239"));
    expect(value).not.toBe(pseudonymOf(randomBytes(32), "199001011239"));
    expect(value).not.toBe(await warehouse.scalar<string>("SELECT sha256('199001011239')"));
  });

  it("passes NULL through and never stores the key in the file's catalog", async () => {
    expect(await warehouse.scalar("SELECT pseudonym(NULL)")).toBeNull();
    const persisted = await warehouse.scalar<number>(
      "SELECT count(*)::INTEGER FROM duckdb_tables() WHERE NOT temporary AND table_name LIKE '%pseudonym%'",
    );
    expect(persisted).toBe(0);
  });
});
