import { readFileSync } from "node:fs";
import { isoDate } from "../../warehouse/calendar-config.ts";
import { ConfigError } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

/** Defines file_extract_date(file_name), the one reading of an extract's date. */
export const EXTRACT_DATE_MACRO = readFileSync(
  new URL("../functions/extract-date.sql", import.meta.url),
  "utf8",
);

/** Where the reference date came from, strongest first; published beside it (`as_of_source`). */
export type ReferenceDateSource = "flag" | "env" | "config" | "newest_extract" | "clock";

export interface ReferenceDate {
  /** YYYY-MM-DD: the day the models treat as "today". */
  date: string;
  source: ReferenceDateSource;
}

export interface ReferenceDateInputs {
  /** `slm run --as-of`. */
  flag?: string | undefined;
  /** SLM_REFERENCE_DATE. */
  env?: string | undefined;
  /** `referenceDate` in slm.config.json (validated with the configuration). */
  config?: string | undefined;
}

function checked(value: string, option: string, fix: string): string {
  if (isoDate.safeParse(value).success) return value;
  throw new ConfigError(
    `${option}: expected a date written YYYY-MM-DD, such as "2026-10-01", got "${value}"; ${fix}`,
  );
}

/**
 * The reference date by precedence: flag > env > config > the newest loaded extract > the clock. The
 * newest extract is the default because the data stops there: a later day would count the days no extract
 * covers yet as days on which nothing happened (a cycle not yet loaded would show as a drop).
 */
export function chooseReferenceDate(
  given: ReferenceDateInputs,
  newestExtract: string | null,
  today: string,
): ReferenceDate {
  if (given.flag !== undefined) {
    return { date: checked(given.flag, "--as-of", "write it as --as-of 2026-10-01"), source: "flag" };
  }
  if (given.env !== undefined && given.env !== "") {
    const fix = "set it as SLM_REFERENCE_DATE=2026-10-01, or unset it";
    return { date: checked(given.env, "SLM_REFERENCE_DATE", fix), source: "env" };
  }
  if (given.config !== undefined) return { date: given.config, source: "config" };
  if (newestExtract !== null) return { date: newestExtract, source: "newest_extract" };
  return { date: today, source: "clock" };
}

/** The date of the newest loaded extract whose file name carries one, YYYY-MM-DD; null when none does. */
export async function newestExtractDate(warehouse: Warehouse): Promise<string | null> {
  await warehouse.run(EXTRACT_DATE_MACRO);
  const date = await warehouse.scalar(
    "SELECT strftime(max(file_extract_date(file_name)), '%Y-%m-%d') FROM meta.load_manifest",
  );
  return typeof date === "string" ? date : null;
}

const WHY: Record<ReferenceDateSource, string> = {
  flag: "from --as-of",
  env: "from SLM_REFERENCE_DATE",
  config: "from referenceDate in the configuration",
  newest_extract: "the date of the newest loaded extract",
  clock: "today's date: no loaded extract carries a date in its file name",
};

/** One line saying which day the figures are as of and why, for a command's output. */
export function describeReferenceDate(reference: ReferenceDate): string {
  return `reference date ${reference.date} (${WHY[reference.source]})`;
}
