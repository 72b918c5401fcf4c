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
export type ReferenceDateSource = "flag" | "env" | "config" | "newest_extract" | "newest_load" | "clock";

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

/** What the warehouse knows of its data's date: the newest extract's (from its file name) and its load's day. */
export interface LoadedDates {
  newestExtract: string | null;
  newestLoad: string | null;
}

/**
 * The reference date by precedence: flag > env > config > the newest loaded extract > the day the newest
 * extract was loaded > the clock. The newest extract is the default because the data stops there: a later day
 * would count the days no extract covers yet as days on which nothing happened (a cycle not yet loaded would
 * show as a drop). Extracts whose names carry no date stop no later than the day they were loaded, and a run
 * a month later with nothing new loaded gives the same figures, as it does for dated extracts.
 */
export function chooseReferenceDate(
  given: ReferenceDateInputs,
  loaded: LoadedDates,
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
  if (loaded.newestExtract !== null) return { date: loaded.newestExtract, source: "newest_extract" };
  if (loaded.newestLoad !== null) return { date: loaded.newestLoad, source: "newest_load" };
  return { date: today, source: "clock" };
}

/**
 * The date of the newest loaded extract whose file name carries one, and the day (UTC, as the clock's today)
 * the newest extract was loaded, YYYY-MM-DD; null where there is none.
 */
export async function loadedDates(warehouse: Warehouse): Promise<LoadedDates> {
  await warehouse.run(EXTRACT_DATE_MACRO);
  const [row] = await warehouse.all<{ extract: string | null; load: string | null }>(
    `SELECT strftime(max(file_extract_date(file_name)), '%Y-%m-%d') AS extract,
            strftime(timezone('UTC', max(finished_at)), '%Y-%m-%d') AS load
       FROM meta.load_manifest`,
  );
  return { newestExtract: row?.extract ?? null, newestLoad: row?.load ?? null };
}

const WHY: Record<ReferenceDateSource, string> = {
  flag: "from --as-of",
  env: "from SLM_REFERENCE_DATE",
  config: "from referenceDate in the configuration",
  newest_extract: "the date of the newest loaded extract",
  newest_load: "the day the newest extract was loaded: no loaded extract carries a date in its file name",
  clock: "today's date: no extract is loaded",
};

/** One line saying which day the figures are as of and why, for a command's output. */
export function describeReferenceDate(reference: ReferenceDate): string {
  return `reference date ${reference.date} (${WHY[reference.source]})`;
}
