import type { CalendarConfig } from "../../warehouse/calendar-config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { expandCalendar } from "./expand.ts";

/**
 * The institution calendar as TEMP tables the models join, its values bound, never spliced into SQL:
 *
 * - `slm_calendar (intake, system, country, deadline, previous_intake, start_on, census_on, reply_by, term,
 *   inquiries)`: one row per intake the calendar knows (country: ISO alpha-2 of the system's domestic country;
 *   term: the recurring intake it is one of, CalendarIntake.term; inquiries: whether an inquiry can belong to
 *   its cycle);
 * - `slm_calendar_rounds (intake, round, selection_on)`: the selection date of each admission round;
 * - `slm_calendar_systems (system, country, is_default)`: the admissions systems, `is_default` on
 *   calendar.defaultSystem (the system of a programme the data never shows with an intake).
 */
export async function registerCalendar(warehouse: Warehouse, calendar: CalendarConfig): Promise<void> {
  const { intakes, rounds } = expandCalendar(calendar);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_calendar AS
     SELECT r.intake::VARCHAR AS intake, r.system::VARCHAR AS system, r.country::VARCHAR AS country,
            r.deadline::DATE AS deadline, r.previous_intake::VARCHAR AS previous_intake,
            r.start_on::DATE AS start_on, r.census_on::DATE AS census_on, r.reply_by::DATE AS reply_by,
            r.term::VARCHAR AS term, r.inquiries::BOOLEAN AS inquiries
     FROM (SELECT unnest($1::JSON::STRUCT(intake VARCHAR, system VARCHAR, country VARCHAR, deadline VARCHAR,
             previous_intake VARCHAR, start_on VARCHAR, census_on VARCHAR, reply_by VARCHAR, term VARCHAR,
             inquiries BOOLEAN)[]) AS r)`,
    [JSON.stringify(intakes)],
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_calendar_rounds AS
     SELECT r.intake::VARCHAR AS intake, r.round::VARCHAR AS round, r.selection_on::DATE AS selection_on
     FROM (SELECT unnest($1::JSON::STRUCT(intake VARCHAR, round VARCHAR, selection_on VARCHAR)[]) AS r)`,
    [JSON.stringify(rounds)],
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_calendar_systems AS
     SELECT r.system::VARCHAR AS system, r.country::VARCHAR AS country, r.system = $2 AS is_default
     FROM (SELECT unnest($1::JSON::STRUCT(system VARCHAR, country VARCHAR)[]) AS r)`,
    [
      JSON.stringify(Object.entries(calendar.systems).map(([system, { country }]) => ({ system, country }))),
      calendar.defaultSystem,
    ],
  );
}
