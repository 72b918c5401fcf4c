import {
  CALENDAR_YEARS,
  type CalendarConfig,
  intakeLabel,
  templateDate,
  templateLabel,
} from "../../warehouse/calendar-config.ts";

/** One row of the TEMP table slm_calendar (dates as YYYY-MM-DD, NULL where the calendar has none). */
export interface CalendarIntake {
  intake: string;
  system: string;
  /**
   * The recurring intake it is one of: the system's label template (`HT{Y}`), the template's for an explicit
   * intake replacing one, else its own label. A programme that runs one intake of a term runs the term.
   */
  term: string;
  country: string;
  deadline: string;
  previous_intake: string | null;
  start_on: string | null;
  census_on: string | null;
  reply_by: string | null;
  /** Whether an inquiry can belong to this intake's cycle (core.dim_inquiry_cycles). */
  inquiries: boolean;
}

/** One row of slm_calendar_rounds. */
export interface CalendarRound {
  intake: string;
  round: string;
  selection_on: string;
}

export interface ExpandedCalendar {
  intakes: CalendarIntake[];
  rounds: CalendarRound[];
}

/**
 * Every intake the calendar knows, with its rounds: each system's templates for every year of
 * CALENDAR_YEARS, then the explicit intakes, which replace a template's intake of the same label (taking
 * from it what they leave out). Sorted by label, so the tables come out the same on every run.
 */
export function expandCalendar(calendar: CalendarConfig): ExpandedCalendar {
  const intakes = new Map<string, { intake: CalendarIntake; rounds: CalendarRound[] }>();
  for (const [system, { country, terms }] of Object.entries(calendar.systems)) {
    for (const [template, term] of Object.entries(terms)) {
      for (let year = CALENDAR_YEARS.from; year <= CALENDAR_YEARS.to; year++) {
        const label = intakeLabel(templateLabel(template, year));
        const at = (date: string | undefined) => (date === undefined ? null : templateDate(date, year));
        intakes.set(label, {
          intake: {
            intake: label,
            system,
            term: template,
            country,
            deadline: templateDate(term.deadline, year),
            previous_intake: intakeLabel(templateLabel(template, year - 1)),
            start_on: at(term.start),
            census_on: at(term.census),
            reply_by: at(term.replyBy),
            inquiries: term.inquiries,
          },
          rounds: Object.entries(term.rounds).map(([round, date]) => ({
            intake: label,
            round,
            selection_on: templateDate(date, year),
          })),
        });
      }
    }
  }
  for (const [given, intake] of Object.entries(calendar.intakes)) {
    const label = intakeLabel(given);
    // what the entry leaves out comes from the template's intake it replaces
    const template = intakes.get(label);
    intakes.set(label, {
      intake: {
        intake: label,
        system: intake.system,
        term: template?.intake.term ?? label,
        country: intake.country ?? calendar.systems[intake.system]!.country,
        deadline: intake.deadline,
        previous_intake:
          intake.previous === undefined
            ? (template?.intake.previous_intake ?? null)
            : intakeLabel(intake.previous),
        start_on: intake.start ?? template?.intake.start_on ?? null,
        census_on: intake.census ?? template?.intake.census_on ?? null,
        reply_by: intake.replyBy ?? template?.intake.reply_by ?? null,
        inquiries: intake.inquiries ?? template?.intake.inquiries ?? true,
      },
      rounds:
        intake.rounds === undefined
          ? (template?.rounds ?? [])
          : Object.entries(intake.rounds).map(([round, date]) => ({
              intake: label,
              round,
              selection_on: date,
            })),
    });
  }
  const sorted = [...intakes.values()].sort((a, b) => compare(a.intake.intake, b.intake.intake));
  return {
    intakes: sorted.map(({ intake }) => intake),
    rounds: sorted.flatMap(({ rounds }) => rounds.sort((a, b) => compare(a.round, b.round))),
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
