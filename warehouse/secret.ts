import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const KEY_BYTES = 32;

export class SecretError extends Error {
  override name = "SecretError";
}

/** Creates the pseudonymisation key; never overwrites one, since that would re-key every person. */
export function createSecret(path: string): Buffer {
  if (existsSync(path)) throw new SecretError(`${path}: key already exists; refusing to overwrite it`);
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(path, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}

export function readSecret(path: string): Buffer {
  if (!existsSync(path)) {
    throw new SecretError(`${path}: pseudonymisation key not found; run \`slm init\` to create it`);
  }
  const text = readFileSync(path, "utf8").trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new SecretError(`${path}: not a pseudonymisation key (expected 64 hex characters)`);
  }
  return Buffer.from(text, "hex");
}

/** The same pseudonym as the SQL macro `pseudonym()` (pseudonym.ts), for code paths outside DuckDB. */
export function pseudonymOf(key: Buffer, value: string): string {
  return createHmac("sha256", key).update(value, "utf8").digest().subarray(0, 9).toString("base64url");
}
