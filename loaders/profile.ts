import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { contractColumns } from "./contract.ts";
import { CONTRACTS } from "./contracts.ts";

export const BUILTIN_PROFILE_DIR = join(dirname(fileURLToPath(import.meta.url)), "profiles");

/**
 * A source profile: how one institution's export maps onto a contract, with no code. Header names
 * are matched after trimming, so an export's stray whitespace does not break a mapping.
 */
export const profileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and '-' only"),
    description: z.string().default(""),
    contract: z.string().refine((key) => CONTRACTS.has(key), {
      message: `unknown contract; known: ${[...CONTRACTS.keys()].join(", ")}`,
    }),
    /** Glob on the file name (`*` and `?`), used when ingest is not told a profile. */
    match: z.string().min(1),
    csv: z
      .object({
        delimiter: z.string().length(1).default(","),
        quote: z.string().length(1).default('"'),
        encoding: z.enum(["auto", "utf-8", "utf-16", "latin-1", "windows-1252"]).default("auto"),
        /** 1-based line of the header; lines above it are report metadata (Ladok). */
        headerLine: z.number().int().positive().default(1),
        decimalComma: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** export header -> contract field */
    columns: z.record(z.string(), z.string()),
    /** contract field -> { value in file -> value in contract } */
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    /** contract field -> strptime format, overriding the contract's default */
    formats: z.record(z.string(), z.string()).default({}),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const contract = CONTRACTS.get(profile.contract);
    if (!contract) return;
    const columns = contractColumns(contract);
    const known = new Set(columns.map((column) => column.name));
    const mapped = new Set<string>();
    for (const [header, target] of Object.entries(profile.columns)) {
      if (!known.has(target)) {
        ctx.addIssue({
          code: "custom",
          path: ["columns", header],
          message: `"${target}" is not a field of ${profile.contract}`,
        });
      }
      if (mapped.has(target)) {
        ctx.addIssue({ code: "custom", path: ["columns", header], message: `"${target}" is mapped twice` });
      }
      mapped.add(target);
    }
    for (const column of columns) {
      if (column.required && !mapped.has(column.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["columns"],
          message: `required field "${column.name}" is not mapped`,
        });
      }
    }
    for (const key of [...Object.keys(profile.values), ...Object.keys(profile.formats)]) {
      if (!known.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["values"],
          message: `"${key}" is not a field of ${profile.contract}`,
        });
    }
  });

export type Profile = z.infer<typeof profileSchema>;

export class ProfileError extends Error {
  override name = "ProfileError";
}

export function parseProfile(value: unknown, origin: string): Profile {
  const result = profileSchema.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `${origin}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`,
    );
    throw new ProfileError(lines.join("\n"));
  }
  return result.data;
}

export function readProfileFile(path: string): Profile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ProfileError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return parseProfile(value, path);
}

/** Built-in profiles first, then the institution's own (which may override a built-in by name). */
export function loadProfiles(extraDirs: string[] = []): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const dir of [BUILTIN_PROFILE_DIR, ...extraDirs]) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort()) {
      const profile = readProfileFile(join(dir, file));
      profiles.set(profile.name, profile);
    }
  }
  return profiles;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${escaped}$`, "i");
}

export function matchProfile(profiles: Map<string, Profile>, filePath: string): Profile | null {
  const name = basename(filePath);
  const hits = [...profiles.values()].filter((profile) => globToRegExp(profile.match).test(name));
  if (hits.length > 1) {
    throw new ProfileError(
      `${name}: matches several profiles (${hits.map((p) => p.name).join(", ")}); choose one with --profile`,
    );
  }
  return hits[0] ?? null;
}
