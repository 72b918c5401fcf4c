import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { contractColumns } from "./contract.ts";
import { CONTRACTS } from "./contracts.ts";
import { booleanSpellingsSchema } from "./profile-booleans.ts";
import { ProfileError } from "./profile-error.ts";
import { filterSchema } from "./profile-filter.ts";
import { includedNames, readProfileJson, resolveIncludes } from "./profile-includes.ts";
import { lookupValues } from "./profile-values-from.ts";

export { ProfileError } from "./profile-error.ts";
export { findHeader } from "./profile-header.ts";

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
    /**
     * contract field -> { file, from, to }: a value map kept in a lookup file beside the profile (a
     * catalogue too long to paste), merged under `values` (an inline entry wins).
     */
    valuesFrom: z
      .record(
        z.string(),
        z.object({ file: z.string().min(1), from: z.string().min(1), to: z.string().min(1) }).strict(),
      )
      .default({}),
    /** contract field -> strptime format, overriding the contract's default (a time of day included) */
    formats: z.record(z.string(), z.string().min(1)).default({}),
    /** boolean contract field -> the export's spellings of true and false */
    booleans: z.record(z.string(), booleanSpellingsSchema).default({}),
    /** Row filters: a record is loaded only when it passes every one; the rest are counted as filtered. */
    filter: z.array(filterSchema).default([]),
    /** Partial profile files beside this one, merged in before validation (read by readProfileFile). */
    includes: z.array(z.string().min(1)).default([]),
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
    const kinds = new Map(columns.map((column) => [column.name, column.kind]));
    const keyed = { values: null, valuesFrom: null, formats: ["date", "timestamp"], booleans: ["boolean"] };
    for (const [key, allowed] of Object.entries(keyed) as [keyof typeof keyed, string[] | null][]) {
      for (const field of Object.keys(profile[key])) {
        const kind = kinds.get(field);
        if (kind === undefined) {
          ctx.addIssue({
            code: "custom",
            path: [key, field],
            message: `"${field}" is not a field of ${profile.contract}`,
          });
        } else if (allowed && !allowed.includes(kind)) {
          ctx.addIssue({
            code: "custom",
            path: [key, field],
            message: `"${field}" is a ${kind} field; ${key} apply to ${allowed.join(" and ")} fields`,
          });
        }
      }
    }
  });

export type Profile = z.infer<typeof profileSchema>;

/** The profile's JSON validated against the schema, its lookup files not yet read. */
function validated(value: unknown, origin: string): Profile {
  const result = profileSchema.safeParse(value);
  if (!result.success) {
    throw ProfileError.of(
      origin,
      result.error.issues.map((issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`),
    );
  }
  return result.data;
}

/**
 * Validates a profile that is no file (a draft, a test's): lookup files (`valuesFrom`) are read beside
 * a profile file, so such a profile cannot name any.
 */
export function parseProfile(value: unknown, origin: string): Profile {
  const profile = validated(value, origin);
  const fields = Object.keys(profile.valuesFrom);
  if (fields.length > 0) {
    throw ProfileError.of(
      origin,
      fields.map(
        (field) =>
          `valuesFrom.${field}: a lookup file is read beside a profile file, and this profile has none`,
      ),
    );
  }
  return profile;
}

/** A profile file: its JSON, its includes merged in, validated, its lookup files read (by DuckDB). */
export async function readProfileFile(path: string): Promise<Profile> {
  const profile = validated(resolveIncludes(readProfileJson(path), path), path);
  const problems: string[] = [];
  for (const [field, spec] of Object.entries(profile.valuesFrom)) {
    const found = await lookupValues(spec, path);
    if ("problem" in found) problems.push(`valuesFrom.${field}: ${found.problem}`);
    else profile.values[field] = { ...found.values, ...profile.values[field] };
  }
  if (problems.length > 0) throw ProfileError.of(path, problems);
  return profile;
}

/** A profile file that cannot be used: the files it is meant for fail, naming it; the others load. */
export interface BrokenProfile {
  file: string;
  /** Its name and file-name pattern, when its JSON gives them (null when it cannot be read that far). */
  name: string | null;
  match: string | null;
  /** What is wrong, in one line, with the key to fix. */
  reason: string;
}

/**
 * The usable profiles by name, and beside them the profile files that are broken and the drafts
 * (`*.draft.json`, which `slm profile infer` writes and nothing loads until renamed).
 */
export class Profiles extends Map<string, Profile> {
  readonly broken: BrokenProfile[] = [];
  readonly drafts: string[] = [];
}

const DRAFT = /\.draft\.json$/i;

function stringAt(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null || value instanceof Error) return null;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === "string" && found !== "" ? found : null;
}

/**
 * Built-in profiles first, then the institution's own (which may override a built-in by name). A file
 * another profile includes, with no name of its own, is a part, not a profile. A profile file that cannot be read or validated is
 * listed as broken rather than failing the lot: one bad file must not stop every command.
 */
export async function loadProfiles(extraDirs: string[] = []): Promise<Profiles> {
  const profiles = new Profiles();
  for (const dir of [BUILTIN_PROFILE_DIR, ...extraDirs]) {
    if (!existsSync(dir)) continue;
    const names = readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith(".json"))
      .sort();
    const json = new Map<string, unknown>();
    for (const name of names) {
      if (DRAFT.test(name)) profiles.drafts.push(join(dir, name));
      else {
        try {
          json.set(name, readProfileJson(join(dir, name)));
        } catch (error) {
          json.set(name, error);
        }
      }
    }
    // A part is a file another one includes that is no profile of its own (it has no name): a profile
    // that is included somewhere (a base profile, or one caught in a cycle) is still a profile.
    const included = new Set(
      [...json.values()].flatMap((value) => includedNames(value).map((n) => basename(n))),
    );
    for (const [name, value] of json) {
      if (included.has(name) && stringAt(value, "name") === null) continue;
      const file = join(dir, name);
      try {
        if (value instanceof Error) throw value;
        const profile = await readProfileFile(file);
        profiles.set(profile.name, profile);
      } catch (error) {
        const problems = error instanceof ProfileError ? error.problems : [(error as Error).message];
        profiles.broken.push({
          file,
          name: stringAt(value, "name"),
          match: stringAt(value, "match"),
          reason: problems.join("; "),
        });
      }
    }
  }
  return profiles;
}

/** The broken profile file meant for this file name (its pattern matches), if one is. */
export function brokenProfileFor(
  broken: readonly BrokenProfile[],
  filePath: string,
): BrokenProfile | undefined {
  const name = basename(filePath);
  return broken.find((profile) => profile.match !== null && globToRegExp(profile.match).test(name));
}

/** Why a broken profile cannot be used, in one line naming its file and the fix. */
export function brokenProfileMessage(profile: BrokenProfile): string {
  return `profile file ${profile.file} is broken (${profile.reason}); fix it, then run again (slm profile list shows the broken profiles)`;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${escaped}$`, "i");
}

export function matchProfile(profiles: ReadonlyMap<string, Profile>, filePath: string): Profile | null {
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
