import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { calendarSchema, DEFAULT_SYSTEMS, isoDate } from "./calendar-config.ts";
import { isInsideFolder } from "./owned-folder.ts";

/** The one configuration file an institution edits; every key has a default so the demo runs unedited. */
export const CONFIG_FILE = "slm.config.json";

/** Consent purposes (DESIGN §7) a mailing may need; `none` = the mail needs no consent. */
export const CONSENT_PURPOSES = ["marketing", "alumni_relations", "newsletter", "research"] as const;
export const OUTREACH_PURPOSES = [...CONSENT_PURPOSES, "none"] as const;
/** Data categories with a retention period of their own (pipelines/privacy/retention.ts says which rows). */
export const RETENTION_CATEGORIES = [
  "mailings",
  "form_submissions",
  "event_registrations",
  "checkins",
  "consents",
  "linkedin_connections",
  "contact_details",
  "quarantined_lines",
] as const;

/** Lifecycle stages (DESIGN §6) a source record can be mapped to by the stage rules. */
export const LIFECYCLE_STAGES = [
  "inquiry",
  "open_day_registered",
  "open_day_attended",
  "trial_lecture",
  "application",
  "eligible",
  "admitted",
  "reserve",
  "accepted",
  "declined",
  "enrolled",
  "early_break",
  "first_year_progression",
  "graduated",
  "left",
  "alumni_registered",
  "alumni_engaged",
] as const;

/**
 * Stages a funnel can start at (`funnel.entryStage`): an institution without CRM inquiries starts at the
 * first stage its systems record, open-day registration or the application.
 */
export const FUNNEL_ENTRY_STAGES = ["inquiry", "open_day_registered", "application"] as const;

const DEFAULT_STAGE_RULES = {
  formTypes: {
    inquiry: "inquiry",
    catalogue_order_person: "inquiry",
    newsletter_signup: "inquiry",
    project_interest: "inquiry",
  },
  registrations: { open_day: "open_day_registered" },
  checkins: { open_day: "open_day_attended", trial_lecture: "trial_lecture" },
} as const;

/** The `paths` keys: every place the product reads or writes. */
export const PATH_KEYS = ["warehouse", "inbox", "publish", "secret", "truth", "site", "profiles"] as const;

/** Node does not expand `~`: "~/site" would be a folder named ~ in the project, not one in the home folder. */
const pathSchema = z
  .string()
  .min(1)
  .refine((path) => !/^~($|[\\/])/.test(path), "~ is not expanded here: write the folder's full path");

/**
 * A disclosure threshold: a whole number from 1 to 1,000. Above that nearly every cell of an institution's
 * tables is suppressed, which is a typo (an extra zero) far more often than a policy.
 */
const threshold = z
  .number()
  .int()
  .positive()
  .max(1000, "at most 1000 (a larger threshold suppresses nearly every published cell)");

export const configSchema = z
  .object({
    institution: z
      .object({
        name: z.string().min(1).default("Demo University"),
        country: z.enum(["se", "nl", "both"]).default("se"),
        locale: z.enum(["sv-SE", "nl-NL", "en-GB"]).default("en-GB"),
        /** Issuer code for interim (T-)numbers: they identify a person only together with it (DESIGN §5). */
        interimIssuer: z.string().min(1).default("DEMO"),
      })
      .strict()
      .default({ name: "Demo University", country: "se", locale: "en-GB", interimIssuer: "DEMO" }),
    paths: z
      .object({
        warehouse: pathSchema.default("data/warehouse.duckdb"),
        inbox: pathSchema.default("data/inbox"),
        publish: pathSchema.default("data/publish"),
        secret: pathSchema.default("data/.secret"),
        truth: pathSchema.default("data/truth"),
        /** The built dashboard site: `slm site build` writes it, `slm site preview` serves it. */
        site: pathSchema.default("dist"),
        /**
         * The institution's own source profiles (read after the built-in ones, which a profile of the same
         * name replaces), with the lookup files and partial profiles they name.
         */
        profiles: pathSchema.default("profiles"),
        /**
         * The keys above that may name a place outside the project folder (the folder of slm.config.json):
         * an explicit opt-in per key, so a mistyped `../../` cannot aim the product at someone else's files.
         */
        allowOutside: z.array(z.enum(PATH_KEYS)).default([]),
      })
      .strict()
      .default({
        warehouse: "data/warehouse.duckdb",
        inbox: "data/inbox",
        publish: "data/publish",
        secret: "data/.secret",
        truth: "data/truth",
        site: "dist",
        profiles: "profiles",
        allowOutside: [],
      }),
    warehouse: z
      .object({
        threads: z.number().int().positive().max(256).optional(),
        memoryLimit: z
          .string()
          .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "expected a size such as '4GB'")
          .optional(),
        /** What a second writer does while another slm process holds the warehouse. */
        onLocked: z.enum(["fail", "wait"]).default("fail"),
        lockWaitSeconds: z.number().int().positive().default(300),
      })
      .strict()
      .default({ onLocked: "fail", lockWaitSeconds: 300 }),
    identity: z
      .object({
        /**
         * Rule 3 of DESIGN §5: the institution's pages state it both ways. "and": first name, last name
         * and e-mail must all agree; "or": same first and last name, or same e-mail.
         */
        nameRule: z.enum(["and", "or"]).default("and"),
        /**
         * Deterministic rules linking beside rule 3 (each reported with its links): the same e-mail alone,
         * the same name and birth date, the same name and employer (alumni database vs LinkedIn), the same name and
         * phone number (CRM contacts and their forms), and
         * `alumni_unique_name`: a connection of the institution's LinkedIn page and an alumni member with the
         * same full name, when exactly one member and one connection carry that name.
         */
        extraRules: z
          .array(z.enum(["email", "name_birth_date", "name_employer", "name_phone", "alumni_unique_name"]))
          .default(["email", "name_birth_date", "name_employer", "name_phone", "alumni_unique_name"]),
      })
      .strict()
      .default({
        nameRule: "and",
        extraRules: ["email", "name_birth_date", "name_employer", "name_phone", "alumni_unique_name"],
      }),
    privacy: z
      .object({
        minCount: threshold.default(5),
        roundTo: threshold.default(5),
        minRateDenominator: threshold.default(23),
        minMeanPersons: threshold.default(8),
        minSchoolCell: threshold.default(10),
      })
      .strict()
      .default({ minCount: 5, roundTo: 5, minRateDenominator: 23, minMeanPersons: 8, minSchoolCell: 10 }),
    outreach: z
      .object({
        /**
         * Contact pressure (DESIGN §6): at most this many messages to one person in any 7 days, across all
         * departments; more is a cap breach. 4 reproduces the demo's over-mailing (>= 5 in 7 days).
         */
        capPer7Days: z.number().int().nonnegative().default(4),
        /** The same over any 30 days; 10 leaves the demo's ordinary monthly mail (at most 5 or 6) alone. */
        capPer30Days: z.number().int().nonnegative().default(10),
        /** Two different departments mailing the same person within this many hours collide. */
        collisionHours: z.number().positive().default(48),
        /** Consent purpose a department's mail needs; `none` for mail that needs no consent (e.g. to students). */
        departmentPurposes: z
          .record(z.string().min(1), z.enum(OUTREACH_PURPOSES))
          .default({ "Alumni Relations": "alumni_relations", "Student Services": "none" }),
        /** Campaigns whose name starts with a key need that purpose, before the department's. */
        campaignPurposes: z.record(z.string().min(1), z.enum(OUTREACH_PURPOSES)).default({}),
        /** Purpose of any other department's mail (admissions, faculties, communications: prospects). */
        defaultPurpose: z.enum(OUTREACH_PURPOSES).default("marketing"),
      })
      .strict()
      .default({
        capPer7Days: 4,
        capPer30Days: 10,
        collisionHours: 48,
        departmentPurposes: { "Alumni Relations": "alumni_relations", "Student Services": "none" },
        campaignPurposes: {},
        defaultPurpose: "marketing",
      }),
    retention: z
      .object({
        /** Days each data category is kept, from its own date; a category not named is kept. */
        categories: z.partialRecord(z.enum(RETENTION_CATEGORIES), z.number().int().positive()).default({}),
        /**
         * Days a consent purpose's data is kept after it ends: the consent record (from withdrawal or
         * expiry) and the mail sent for that purpose (from sending).
         */
        purposes: z.partialRecord(z.enum(CONSENT_PURPOSES), z.number().int().positive()).default({}),
      })
      .strict()
      .default({ categories: {}, purposes: {} }),
    /**
     * Stage rules (DESIGN §6): which of the institution's CRM form types, event registrations and check-ins
     * (by event type) are which lifecycle stage. A form or event type not listed makes no event.
     */
    lifecycle: z
      .object({
        formTypes: z
          .record(z.string().min(1), z.enum(LIFECYCLE_STAGES))
          .default(DEFAULT_STAGE_RULES.formTypes),
        registrations: z
          .record(z.string().min(1), z.enum(LIFECYCLE_STAGES))
          .default(DEFAULT_STAGE_RULES.registrations),
        checkins: z.record(z.string().min(1), z.enum(LIFECYCLE_STAGES)).default(DEFAULT_STAGE_RULES.checkins),
      })
      .strict()
      .default(DEFAULT_STAGE_RULES),
    funnel: z
      .object({
        /**
         * The funnel's first stage (DESIGN §6): cohort persons are counted as entered when they reached it,
         * cumulative conversion divides by them, and stages before it are not counted in ordered conversions.
         */
        entryStage: z.enum(FUNNEL_ENTRY_STAGES).default("inquiry"),
      })
      .strict()
      .default({ entryStage: "inquiry" }),
    outcomes: z
      .object({
        /** School-of-origin performance: schools with fewer enrolled students are not estimated (DESIGN §7: 10). */
        schoolMinN: z.number().int().positive().default(10),
        /**
         * Alumni engagement score: the sum of these weights over the CASE modes an alumnus engaged in during
         * the last 12 months. Giving time (volunteer) and money (philanthropic) weigh most, attending
         * (experiential) less, following our communication least.
         */
        alumniWeights: z
          .object({
            philanthropic: z.number().nonnegative().default(3),
            volunteer: z.number().nonnegative().default(3),
            experiential: z.number().nonnegative().default(2),
            communication: z.number().nonnegative().default(1),
          })
          .strict()
          .default({ philanthropic: 3, volunteer: 3, experiential: 2, communication: 1 }),
      })
      .strict()
      .default({
        schoolMinN: 10,
        alumniWeights: { philanthropic: 3, volunteer: 3, experiential: 2, communication: 1 },
      }),
    /**
     * The institution calendar (warehouse/calendar-config.ts): intakes, their admissions system and country,
     * application deadline, round selection dates, start, census and reply dates. Defaults: SE and NL.
     */
    calendar: calendarSchema.default({ systems: DEFAULT_SYSTEMS, intakes: {}, defaultSystem: "se" }),
    /**
     * The day the models treat as "today" (YYYY-MM-DD). Unset, it is the date of the newest loaded extract,
     * so figures stop where the data stops; `slm run --as-of` and SLM_REFERENCE_DATE take precedence.
     */
    referenceDate: isoDate.optional(),
    freshness: z
      .object({
        /** Days within which a source is expected to deliver a newer extract; older is stale. */
        refreshDays: z.number().int().positive().default(35),
        /** The same per source system ("crm") or per source and entity ("crm.mailings"), the latter first. */
        sources: z.record(z.string().min(1), z.number().int().positive()).default({}),
      })
      .strict()
      .default({ refreshDays: 35, sources: {} }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export interface LoadedConfig {
  config: Config;
  /** Directory the relative paths in the config are resolved against. */
  root: string;
  /** The file it came from, or null when only defaults apply. */
  file: string | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Turns zod's issues into "file: key.path: problem" lines a user can act on. */
export function formatConfigIssues(file: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
      return `${file}: ${key}: ${issue.message}`;
    })
    .join("\n");
}

export function parseConfig(value: unknown, file = CONFIG_FILE): Config {
  const result = configSchema.safeParse(value);
  if (!result.success) throw new ConfigError(formatConfigIssues(file, result.error));
  return result.data;
}

/** The project folder: the one holding the config file, where relative paths start and outside which none may go. */
export function projectFolder(cwd = process.cwd(), explicitFile?: string): string {
  return explicitFile ? dirname(resolve(explicitFile)) : resolve(cwd);
}

export function loadConfig(root = process.cwd(), explicitFile?: string): LoadedConfig {
  const file = explicitFile ? resolve(explicitFile) : resolve(root, CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicitFile) throw new ConfigError(`${explicitFile}: config file not found`);
    return { config: parseConfig({}), root: resolve(root), file: null };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const loaded = { config: parseConfig(raw, file), root: dirname(file), file };
  checkPathsInside(loaded, file);
  return loaded;
}

/** Refuses a `paths` entry outside the project folder unless `paths.allowOutside` names its key. */
function checkPathsInside(loaded: LoadedConfig, file: string): void {
  const { paths } = loaded.config;
  const problems = PATH_KEYS.filter(
    (key) =>
      !paths.allowOutside.includes(key) && !isInsideFolder(loaded.root, resolvePath(loaded, paths[key])),
  ).map((key) => {
    const where =
      resolvePath(loaded, paths[key]) === loaded.root
        ? `is the project folder ${loaded.root} itself, not a place inside it`
        : `is outside the project folder ${loaded.root}`;
    return `${file}: paths.${key}: ${paths[key]} ${where}; use a path inside it, or add "${key}" to paths.allowOutside`;
  });
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
}

export function resolvePath(loaded: LoadedConfig, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.root, path);
}
