/**
 * An audience: who should get one department's mail for one purpose, declared in a file
 * `audiences/<name>.json` of the project folder. It names groups by what the warehouse knows of them
 * (stages reached and not reached, programme, intake, school, country group, graduation within some years,
 * applications to follow-on programmes, alumni modes and pools), never persons; `slm audience build` resolves it
 * (resolve.sql) and removes whom it may not mail.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LIFECYCLE_STAGES, OUTREACH_PURPOSES } from "../../warehouse/config.ts";

/** The folder of the project that holds the audience files. */
export const AUDIENCE_FOLDER = "audiences";

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const code = z.string().trim().min(1);
const codes = z.array(code).min(1);

/** The audience's own columns an export may carry beside name, e-mail and language. */
export const AUDIENCE_COLUMNS = ["programme", "intake", "school", "country", "employer", "sector"] as const;
export const ALUMNI_MODES = ["philanthropic", "volunteer", "experiential", "communication"] as const;
export const ALUMNI_POOLS = ["guest_lecture", "mentoring", "internship"] as const;

export const audienceSchema = z
  .object({
    /** Must be the file's name without `.json`: the name a command is given. */
    name: z.string().regex(NAME, "lower-case letters, digits, - and _ only"),
    description: z.string().optional(),
    /** The consent purpose the mail needs (`none`: mail that needs no consent, e.g. to students). */
    purpose: z.enum(OUTREACH_PURPOSES),
    /** The sending department, as the CRM's mailings name it: collisions are between departments. */
    department: z.string().trim().min(1),
    who: z
      .object({
        /** Every one of these stages reached (an event of it matching programme and intake). */
        reached: z.array(z.enum(LIFECYCLE_STAGES)).default([]),
        /** None of these stages reached for the programme and intake (an event naming neither counts too). */
        not_reached: z.array(z.enum(LIFECYCLE_STAGES)).default([]),
        programme: codes.optional(),
        /** Intake labels as the calendar has them (HT2026, 2026-SEP); an inquiry counts toward its cycle's. */
        intake: codes.optional(),
        /** School of origin codes (core.dim_person_school). */
        school: codes.optional(),
        /** domestic: the person's country is the intake's country; international: another. */
        country_group: z.enum(["domestic", "international"]).optional(),
        /**
         * Graduated from one of these programmes (any, when none is named) in the `within_years` years up to the
         * reference date: a degree's date from the records system, else an alumni member's graduation year.
         */
        graduated: z
          .object({ programme: codes.optional(), within_years: z.number().int().min(1).max(50) })
          .strict()
          .optional(),
        /** Programme codes (the follow-on programmes) the person has not applied to, at any time before. */
        not_applied_to: codes.optional(),
        /** Alumni (a member of the alumni database), narrowed by mode and pool when they are named. */
        alumni: z
          .object({
            /** Engaged in any of these CASE modes in the 12 months up to the reference date. */
            mode: z.array(z.enum(ALUMNI_MODES)).min(1).optional(),
            /** Has ever given a guest lecture, mentored or offered an internship. */
            pool: z.array(z.enum(ALUMNI_POOLS)).min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((who) => who.reached.length > 0 || who.graduated || who.alumni, {
        path: ["reached"],
        message: "at least one stage, unless who names graduated or alumni",
      }),
    /** Columns of the audience's own in the export, beside contact id, name, e-mail and language. */
    columns: z.array(z.enum(AUDIENCE_COLUMNS)).default([]),
    /** "Less" too: keep only persons who got no message at all in this many days before the send. */
    quiet_days: z.number().int().positive().max(3650).optional(),
    /** The language of a contact's mail by the contact's country (ISO alpha-2); others get default_language. */
    languages: z.record(z.string().regex(/^[A-Z]{2}$/, "a two-letter country code"), code).default({}),
    default_language: code.default("en"),
  })
  .strict();

export type Audience = z.infer<typeof audienceSchema>;

export class AudienceError extends Error {
  override name = "AudienceError";
}

/** "file: field.path: problem", one line per problem: what to fix and where. */
function issues(file: string, error: z.ZodError): string {
  return error.issues
    .map(
      (issue) => `${file}: ${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`,
    )
    .join("\n");
}

/** Parses one audience file's text; `file` names it in every message. */
export function parseAudience(file: string, text: string, expectedName?: string): Audience {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AudienceError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const result = audienceSchema.safeParse(value);
  if (!result.success) throw new AudienceError(issues(file, result.error));
  if (expectedName !== undefined && result.data.name !== expectedName)
    throw new AudienceError(`${file}: name: "${result.data.name}" is not the file's name "${expectedName}"`);
  return result.data;
}

/** The audience `name` of the project folder `root` (audiences/<name>.json). */
export function readAudience(root: string, name: string): Audience {
  if (!NAME.test(name))
    throw new AudienceError(`audience name "${name}": lower-case letters, digits, - and _ only`);
  const file = join(root, AUDIENCE_FOLDER, `${name}.json`);
  if (!existsSync(file)) {
    const known = listAudienceNames(root);
    throw new AudienceError(
      `${join(AUDIENCE_FOLDER, `${name}.json`)}: no such audience${known.length > 0 ? ` (known: ${known.join(", ")})` : ` (no files in ${AUDIENCE_FOLDER}/)`}`,
    );
  }
  return parseAudience(join(AUDIENCE_FOLDER, `${name}.json`), readFileSync(file, "utf8"), name);
}

/** The names of the audience files in the project folder. */
export function listAudienceNames(root: string): string[] {
  const dir = join(root, AUDIENCE_FOLDER);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}
