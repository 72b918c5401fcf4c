import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { contractColumns } from "./contract.ts";
import { CONTRACTS } from "./contracts.ts";

export const BUILTIN_PROFILE_DIR = join(dirname(fileURLToPath(import.meta.url)), "profiles");

const validRegExp = z.string().refine(
  (pattern) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);

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
        /** 1-based line (or sheet row) of the header; lines above it are report metadata (Ladok). */
        headerLine: z.number().int().positive().default(1),
        decimalComma: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** For .xlsx files: the sheet to read (default: the first). */
    xlsx: z
      .object({ sheet: z.string().min(1).optional() })
      .strict()
      .optional(),
    /** export header -> contract field */
    columns: z.record(z.string(), z.string()),
    /** contract field -> value given to every row (a fact the file name or the source implies) */
    constants: z.record(z.string(), z.string()).default({}),
    /** contract field filled with the record's number in the file, for sources without a key column */
    rowNumber: z.string().optional(),
    /**
     * Wide to long: the columns whose header matches `columns` become one row each, their header in
     * `nameField` and their cell in `valueField`. One input line yields as many raw rows.
     */
    unpivot: z
      .object({ columns: validRegExp, nameField: z.string(), valueField: z.string() })
      .strict()
      .optional(),
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
    const target = (field: string, path: (string | number)[]) => {
      if (!known.has(field)) {
        ctx.addIssue({ code: "custom", path, message: `"${field}" is not a field of ${profile.contract}` });
      }
      if (mapped.has(field)) ctx.addIssue({ code: "custom", path, message: `"${field}" is mapped twice` });
      mapped.add(field);
    };
    for (const [header, field] of Object.entries(profile.columns)) target(field, ["columns", header]);
    for (const field of Object.keys(profile.constants)) target(field, ["constants", field]);
    if (profile.rowNumber) target(profile.rowNumber, ["rowNumber"]);
    if (profile.unpivot) {
      target(profile.unpivot.nameField, ["unpivot", "nameField"]);
      target(profile.unpivot.valueField, ["unpivot", "valueField"]);
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
    for (const key of ["values", "formats"] as const) {
      for (const field of Object.keys(profile[key])) {
        if (!known.has(field)) {
          ctx.addIssue({
            code: "custom",
            path: [key, field],
            message: `"${field}" is not a field of ${profile.contract}`,
          });
        }
      }
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

/** The export header a profile maps onto a field, if any. */
export function headerForField(profile: Profile, field: string): string | undefined {
  return Object.entries(profile.columns).find(([, target]) => target === field)?.[0];
}

/** The index of a profile header in a file's header: exact after trimming, else ignoring case. */
export function findHeader(header: string[], wanted: string): number {
  const name = wanted.trim();
  const exact = header.indexOf(name);
  return exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
}
