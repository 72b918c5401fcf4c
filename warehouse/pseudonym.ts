import type { Warehouse } from "./connection.ts";

const BLOCK = 64;

/**
 * Registers `pseudonym(text)` = HMAC-SHA-256(key, text) as hex, for this connection only.
 * The key lives in a TEMP table and the macro is TEMP, so neither is ever written to the warehouse
 * file (DESIGN §5: the key stays outside it). HMAC is built from DuckDB's sha256 over blobs:
 * H((K ^ opad) || H((K ^ ipad) || m)).
 */
export async function registerPseudonym(warehouse: Warehouse, key: Buffer): Promise<void> {
  if (key.length > BLOCK) throw new Error("pseudonymisation key longer than the SHA-256 block");
  const padded = Buffer.alloc(BLOCK);
  key.copy(padded);
  const ipad = Buffer.from(padded.map((byte) => byte ^ 0x36));
  const opad = Buffer.from(padded.map((byte) => byte ^ 0x5c));
  await warehouse.run(
    "CREATE OR REPLACE TEMP TABLE slm_pseudonym_key AS SELECT from_hex($1) AS ipad, from_hex($2) AS opad",
    [ipad.toString("hex"), opad.toString("hex")],
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP MACRO pseudonym(x) AS
       CASE WHEN x IS NULL THEN NULL ELSE
         sha256((SELECT opad FROM slm_pseudonym_key) ||
                unhex(sha256((SELECT ipad FROM slm_pseudonym_key) || encode(x::VARCHAR))))
       END`,
  );
}
