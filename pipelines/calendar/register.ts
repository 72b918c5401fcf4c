import type { CalendarConfig } from "../../warehouse/calendar-config.ts";
import type { SettingsTable } from "../settings.ts";
import { expandCalendar } from "./expand.ts";

/**
 * The institution calendar as settings tables the models join (pipelines/settings.ts):
 *
 * - `slm_calendar (intake, system, country, deadline, previous_intake, start_on, census_on, reply_by, term,
 *   inquiries)`: one row per intake the calendar knows (country: ISO alpha-2 of the system's domestic country;
 *   term: the recurring intake it is one of, CalendarIntake.term; inquiries: whether an inquiry can belong to
 *   its cycle);
 * - `slm_calendar_rounds (intake, round, selection_on)`: the selection date of each admission round;
 * - `slm_calendar_systems (system, country, is_default)`: the admissions systems, `is_default` on
 *   calendar.defaultSystem (the system of a programme the data never shows with an intake).
 */
export function calendarSettings(calendar: CalendarConfig): SettingsTable[] {
  const { intakes, rounds } = expandCalendar(calendar);
  return [
    {
      name: "slm_calendar",
      columns: {
        intake: "VARCHAR",
        system: "VARCHAR",
        country: "VARCHAR",
        deadline: "DATE",
        previous_intake: "VARCHAR",
        start_on: "DATE",
        census_on: "DATE",
        reply_by: "DATE",
        term: "VARCHAR",
        inquiries: "BOOLEAN",
      },
      rows: intakes,
    },
    {
      name: "slm_calendar_rounds",
      columns: { intake: "VARCHAR", round: "VARCHAR", selection_on: "DATE" },
      rows: rounds,
    },
    {
      name: "slm_calendar_systems",
      columns: { system: "VARCHAR", country: "VARCHAR", is_default: "BOOLEAN" },
      rows: Object.entries(calendar.systems).map(([system, { country }]) => ({
        system,
        country,
        is_default: system === calendar.defaultSystem,
      })),
    },
  ];
}
