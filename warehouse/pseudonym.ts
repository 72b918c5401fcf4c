import type { Warehouse } from "./connection.ts";

const BLOCK = 64;

/** A pseudonym's form: 12 characters of base64url, 72 bits of the HMAC. Tests and migrations check against it. */
export const PSEUDONYM_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/**
 * `pseudonym(text)` = the first 9 bytes (72 bits) of HMAC-SHA-256(key, text), in base64url: 12 characters.
 * HMAC is built from DuckDB's sha256 over blobs: H((K ^ opad) || H((K ^ ipad) || m)).
 * Why 12 characters: DuckDB stores a string of up to 12 bytes inside its 16-byte value, so every join, group
 * and sort on a key compares and hashes it in place. The full 64 hex characters lived on the heap, and at 1M
 * persons grouping 10 M such keys took twice as long. 72 bits keep the chance that any two of 100 M distinct
 * identifiers share a pseudonym near 1e-6; the key, not the length, is what keeps a pseudonym from being reversed.
 * Variables rather than a one-row table: a scalar subquery per call made every pseudonymised column a join.
 * Base64 becomes base64url by two replace() calls rather than one translate(): the same characters, and up to a tenth
 * of the macro's time less (4 M calls, two rounds: 5.38-5.55 s -> 4.90-5.31 s; translate alone was 0.6 s of it).
 */
export const PSEUDONYM_MACRO = `CREATE OR REPLACE TEMP MACRO pseudonym(x) AS
  CASE WHEN x IS NULL THEN NULL ELSE
    replace(replace(to_base64(unhex(left(
      sha256(getvariable('slm_hmac_opad') || unhex(sha256(getvariable('slm_hmac_ipad') || encode(x::VARCHAR)))),
      18))), '+', '-'), '/', '_')
  END`;

/**
 * Registers `pseudonym(text)` for this connection only. The padded keys live in session variables and the
 * macro is TEMP, so neither is ever written to the warehouse file (DESIGN §5: the key stays outside it).
 */
export async function registerPseudonym(warehouse: Warehouse, key: Buffer): Promise<void> {
  if (key.length > BLOCK) throw new Error("pseudonymisation key longer than the SHA-256 block");
  const padded = Buffer.alloc(BLOCK);
  key.copy(padded);
  const ipad = Buffer.from(padded.map((byte) => byte ^ 0x36));
  const opad = Buffer.from(padded.map((byte) => byte ^ 0x5c));
  await warehouse.run("SET VARIABLE slm_hmac_ipad = from_hex($1)", [ipad.toString("hex")]);
  await warehouse.run("SET VARIABLE slm_hmac_opad = from_hex($1)", [opad.toString("hex")]);
  await warehouse.run(PSEUDONYM_MACRO);
}
