import { CONFIG_FILE } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

/**
 * An intake (or a date of one) that the staging tables use and the institution calendar lacks. Reported
 * before the core models run, so a model never meets a label it cannot date: the message names the value,
 * the file it came from and the configuration key to add.
 */
export class CalendarError extends Error {
  override name = "CalendarError";
}

/** What a staging row needs of the calendar beyond its intake: a round's date, the census or start date. */
type Need = { kind: "round"; round: string } | { kind: "census" } | { kind: "start" };

interface IntakeSource {
  /** The staging model whose `intake` column is checked. */
  model: string;
  /** The export column the intake is read from, for the message. */
  column: string;
  /**
   * SQL over the table (`$table`) giving (intake, need, _file_id): the calendar dates its rows are dated
   * by in the core models. `need` is a round name, or 'census' / 'start'.
   */
  needs?: string;
}

/**
 * Every staging table that carries intakes into the models. staging.stg_admissions__choices (the
 * country-neutral admissions model) is checked once it exists.
 */
const SOURCES: IntakeSource[] = [
  {
    model: "staging.stg_nya__applications",
    column: "admission_round",
    // its mapping onto the admissions model (core.int_nya_choices) dates selection results on the intake's
    // rounds; the international round's one selection stands in for urval 1
    needs: `SELECT intake, CASE WHEN international_round THEN 'international' ELSE 'urval 1' END AS need, _file_id
              FROM $table WHERE selection_round_1 IS NOT NULL
            UNION ALL
            SELECT intake, 'urval 2', _file_id FROM $table WHERE selection_round_2 IS NOT NULL`,
  },
  {
    model: "staging.stg_studielink__enrolment_requests",
    column: "academic_year and start_month",
    // enrolment is counted on the census day; programme starts and year one run from the start
    needs: `SELECT intake, unnest(['census', 'start']) AS need, _file_id FROM $table`,
  },
  { model: "staging.stg_crm__event_sessions", column: "cohort" },
  { model: "staging.stg_admissions__choices", column: "intake" },
];

interface Problem {
  intake: string;
  need: string | null;
  file_id: number | null;
}

/**
 * Checks that the calendar (TEMP slm_calendar, slm_calendar_rounds) knows every intake of the staging
 * tables, and the dates their rows are dated by; throws CalendarError naming the first gap and counting
 * the rest. `table` gives the table holding this run's version of a model, or null where there is none.
 */
export async function checkIntakes(
  warehouse: Warehouse,
  table: (model: string) => Promise<string | null>,
): Promise<void> {
  for (const source of SOURCES) {
    const name = await table(source.model);
    if (name === null) continue;
    const columns = new Set(
      (
        await warehouse.all<{ column_name: string }>(
          `SELECT column_name FROM (DESCRIBE SELECT * FROM ${name})`,
        )
      ).map((row) => row.column_name),
    );
    if (!columns.has("intake")) continue;
    const fileId = columns.has("_file_id") ? "_file_id" : "NULL::BIGINT";
    const problems = await warehouse.all<Problem>(
      `SELECT intake, NULL::VARCHAR AS need, min(${fileId}) AS file_id
         FROM ${name}
        WHERE intake IS NOT NULL AND intake NOT IN (SELECT intake FROM slm_calendar)
        GROUP BY intake
        ORDER BY intake`,
    );
    if (problems.length === 0 && source.needs) {
      problems.push(
        ...(await warehouse.all<Problem>(
          `WITH needed AS (${source.needs.replaceAll("$table", name)})
           SELECT n.intake, n.need, min(n._file_id) AS file_id
             FROM needed AS n
             JOIN slm_calendar AS c USING (intake)
            WHERE CASE n.need
                    WHEN 'census' THEN c.census_on IS NULL
                    WHEN 'start' THEN c.start_on IS NULL
                    ELSE NOT EXISTS (SELECT 1 FROM slm_calendar_rounds AS r WHERE r.intake = n.intake AND r.round = n.need)
                  END
            GROUP BY ALL
            ORDER BY n.intake, n.need`,
        )),
      );
    }
    const [first] = problems;
    if (first) throw new CalendarError(await message(warehouse, source, first, problems.length - 1));
  }
}

async function message(
  warehouse: Warehouse,
  source: IntakeSource,
  problem: Problem,
  others: number,
): Promise<string> {
  const file =
    problem.file_id === null
      ? null
      : ((
          await warehouse.one<{ file_name: string }>(
            "SELECT file_name FROM meta.load_manifest WHERE file_id = $1",
            [problem.file_id],
          )
        )?.file_name ?? `file ${problem.file_id}`);
  const where = `${file ? `${file}, ` : ""}column ${source.column}, read by ${source.model}`;
  const intake = JSON.stringify(problem.intake);
  const key = `calendar.intakes.${intake}`;
  const need = toNeed(problem.need);
  const more = others > 0 ? ` (and ${others} more)` : "";
  if (need === null) {
    return `intake ${intake} (${where}) is not in the institution calendar: add ${key} to ${CONFIG_FILE}${more}`;
  }
  const [missing, field] =
    need.kind === "round"
      ? [`no date for its round ${JSON.stringify(need.round)}`, `rounds.${JSON.stringify(need.round)}`]
      : need.kind === "census"
        ? ["no census date", "census"]
        : ["no start date", "start"];
  return `intake ${intake} (${where}) has ${missing} in the institution calendar: add ${key}.${field} to ${CONFIG_FILE}${more}`;
}

function toNeed(need: string | null): Need | null {
  if (need === null) return null;
  if (need === "census" || need === "start") return { kind: need };
  return { kind: "round", round: need };
}
