import type { CalendarConfig } from "../../warehouse/calendar-config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { expandCalendar } from "./expand.ts";

/**
 * The institution calendar as TEMP tables the models join, its values bound, never spliced into SQL:
 *
 * - `slm_calendar (intake, system, country, deadline, previous_intake, start_on, census_on, reply_by)`: one
 *   row per intake the calendar knows (country: ISO alpha-2 of the system's domestic country);
 * - `slm_calendar_rounds (intake, round, selection_on)`: the selection date of each admission round;
 * - `slm_calendar_systems (system, country, is_default)`: the admissions systems, `is_default` on
 *   calendar.defaultSystem (the system of a programme the data never shows with an intake);
 * - `slm_calendar_cycles (system, on_date, intake)`: for every day, the intake of each system whose cycle a
 *   contact that day (an inquiry) belongs to: the first intake taking inquiries whose deadline is on or after
 *   it (the first label on a tie). A row per day, so a model finds it by an equi-join: an ASOF join against
 *   so small a table ran as a nested loop, 50 comparisons per inquiry.
 */
export async function registerCalendar(warehouse: Warehouse, calendar: CalendarConfig): Promise<void> {
  const { intakes, rounds } = expandCalendar(calendar);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_calendar AS
     SELECT r.intake::VARCHAR AS intake, r.system::VARCHAR AS system, r.country::VARCHAR AS country,
            r.deadline::DATE AS deadline, r.previous_intake::VARCHAR AS previous_intake,
            r.start_on::DATE AS start_on, r.census_on::DATE AS census_on, r.reply_by::DATE AS reply_by
     FROM (SELECT unnest($1::JSON::STRUCT(intake VARCHAR, system VARCHAR, country VARCHAR, deadline VARCHAR,
             previous_intake VARCHAR, start_on VARCHAR, census_on VARCHAR, reply_by VARCHAR)[]) AS r)`,
    [JSON.stringify(intakes.map(({ inquiries: _, ...intake }) => intake))],
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
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_calendar_cycles AS
     WITH cycles AS (
       SELECT system, min(intake) AS intake, deadline
       FROM (
         SELECT r.system::VARCHAR AS system, r.intake::VARCHAR AS intake, r.deadline::DATE AS deadline
         FROM (SELECT unnest($1::JSON::STRUCT(system VARCHAR, intake VARCHAR, deadline VARCHAR)[]) AS r)
       )
       GROUP BY system, deadline
     ),
     spans AS (
       SELECT system, intake, deadline,
              coalesce(lag(deadline) OVER (PARTITION BY system ORDER BY deadline) + 1, deadline - 365) AS opens
       FROM cycles
     )
     SELECT system, unnest(generate_series(opens, deadline, INTERVAL 1 DAY))::DATE AS on_date, intake
     FROM spans`,
    [
      JSON.stringify(
        intakes
          .filter((intake) => intake.inquiries)
          .map(({ system, intake, deadline }) => ({ system, intake, deadline })),
      ),
    ],
  );
}
