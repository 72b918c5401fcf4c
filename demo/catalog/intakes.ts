/**
 * The admission calendar of one intake: the dates real systems work to. Sweden: HT (autumn) applications
 * close 15 April, VT (spring) 15 October, the international round (universityadmissions.se) 15 January;
 * urval 1 and urval 2 follow. Netherlands: Studielink VTI by 1 May (15 January for numerus fixus) for
 * September; February intakes close 1 December. A cycle Y holds the intakes VT Y and HT Y (SE), and
 * September Y and February Y+1 (NL, collegejaar Y).
 */
import { day, onOrAfter } from "../calendar.ts";
import type { Country, Intake } from "./programmes.ts";

export interface IntakeCalendar {
  /** e.g. "HT2026", "VT2026", "SEP2026", "FEB2027". */
  key: string;
  cycle: number;
  country: Country;
  intake: Intake;
  prospectStart: number;
  prospectEnd: number;
  applyOpen: number;
  deadline: number;
  /** Numerus fixus (NL) or the international round (SE) close earlier. */
  earlyOpen: number;
  earlyDeadline: number;
  urval1: number;
  urval2: number;
  termStart: number;
  /** Enrolment is counted on this day; leaving before `meltUntil` still counts as melt. */
  census: number;
  meltUntil: number;
  /** Open-day and trial-lecture days (Saturdays for open days). */
  openDays: number[];
  trialDays: number[];
}

const SATURDAY = 5;
const MONDAY = 0;

export function intakeCalendar(country: Country, intake: Intake, cycle: number): IntakeCalendar {
  const y = cycle;
  switch (intake) {
    case "HT": {
      const termStart = onOrAfter(day(y, 8, 28), MONDAY);
      return {
        key: `HT${y}`,
        cycle,
        country,
        intake,
        prospectStart: day(y - 1, 9, 1),
        prospectEnd: day(y, 4, 10),
        applyOpen: day(y, 3, 15),
        deadline: day(y, 4, 15),
        earlyOpen: day(y - 1, 10, 16),
        earlyDeadline: day(y, 1, 15),
        urval1: day(y, 7, 10),
        urval2: day(y, 8, 6),
        termStart,
        census: termStart + 21,
        meltUntil: termStart + 21,
        openDays: [
          onOrAfter(day(y - 1, 11, 12), SATURDAY),
          onOrAfter(day(y, 2, 5), SATURDAY),
          onOrAfter(day(y, 3, 12), SATURDAY),
        ],
        trialDays: [onOrAfter(day(y, 2, 20), MONDAY + 2), onOrAfter(day(y, 3, 20), MONDAY + 2)],
      };
    }
    case "VT": {
      const termStart = onOrAfter(day(y, 1, 16), MONDAY);
      return {
        key: `VT${y}`,
        cycle,
        country,
        intake,
        prospectStart: day(y - 1, 3, 1),
        prospectEnd: day(y - 1, 10, 10),
        applyOpen: day(y - 1, 9, 15),
        deadline: day(y - 1, 10, 15),
        earlyOpen: day(y - 1, 6, 1),
        earlyDeadline: day(y - 1, 8, 1),
        urval1: day(y - 1, 12, 3),
        urval2: day(y, 1, 8),
        termStart,
        census: termStart + 21,
        meltUntil: termStart + 21,
        openDays: [onOrAfter(day(y - 1, 9, 10), SATURDAY)],
        trialDays: [onOrAfter(day(y - 1, 9, 25), MONDAY + 2)],
      };
    }
    case "SEP": {
      const termStart = onOrAfter(day(y, 9, 1), MONDAY);
      return {
        key: `SEP${y}`,
        cycle,
        country,
        intake,
        prospectStart: day(y - 1, 9, 1),
        prospectEnd: day(y, 4, 25),
        applyOpen: day(y - 1, 10, 1),
        deadline: day(y, 5, 1),
        earlyOpen: day(y - 1, 10, 1),
        earlyDeadline: day(y, 1, 15),
        urval1: day(y, 4, 15),
        urval2: day(y, 6, 15),
        termStart,
        census: day(y, 10, 1),
        meltUntil: day(y + 1, 2, 1),
        openDays: [
          onOrAfter(day(y - 1, 10, 28), SATURDAY),
          onOrAfter(day(y, 2, 25), SATURDAY),
          onOrAfter(day(y, 3, 20), SATURDAY),
        ],
        trialDays: [onOrAfter(day(y, 2, 10), MONDAY + 2), onOrAfter(day(y, 3, 10), MONDAY + 2)],
      };
    }
    case "FEB": {
      const termStart = onOrAfter(day(y + 1, 2, 1), MONDAY);
      return {
        key: `FEB${y + 1}`,
        cycle,
        country,
        intake,
        prospectStart: day(y, 3, 1),
        prospectEnd: day(y, 11, 20),
        applyOpen: day(y, 6, 1),
        deadline: day(y, 12, 1),
        earlyOpen: day(y, 6, 1),
        earlyDeadline: day(y, 12, 1),
        urval1: day(y, 12, 10),
        urval2: day(y + 1, 1, 10),
        termStart,
        census: day(y + 1, 3, 1),
        meltUntil: day(y + 1, 3, 1),
        openDays: [onOrAfter(day(y, 10, 20), SATURDAY)],
        trialDays: [onOrAfter(day(y, 11, 5), MONDAY + 2)],
      };
    }
  }
}

/** Academic terms (SE HT/VT, NL semesters) from a start, as [label, start, end]. */
export function termsFrom(
  country: Country,
  intake: Intake,
  cycle: number,
  count: number,
): { label: string; start: number; end: number }[] {
  const out: { label: string; start: number; end: number }[] = [];
  // Autumn terms start in year y, spring terms in y + 1; index 0 is the intake's own term.
  let autumn = intake === "HT" || intake === "SEP";
  let year = intake === "FEB" ? cycle + 1 : cycle;
  for (let i = 0; i < count; i++) {
    if (country === "se") {
      const start = autumn ? onOrAfter(day(year, 8, 28), MONDAY) : onOrAfter(day(year, 1, 16), MONDAY);
      const end = autumn ? onOrAfter(day(year + 1, 1, 16), MONDAY) - 1 : day(year, 6, 7);
      out.push({ label: `${autumn ? "HT" : "VT"}${year}`, start, end });
    } else {
      const start = autumn ? onOrAfter(day(year, 9, 1), MONDAY) : onOrAfter(day(year, 2, 1), MONDAY);
      const end = autumn ? onOrAfter(day(year + 1, 2, 1), MONDAY) - 1 : day(year, 7, 10);
      out.push({ label: `${autumn ? year : year - 1}-${autumn ? "S1" : "S2"}`, start, end });
    }
    // An autumn term is followed by the spring term of the next calendar year, a spring term by the
    // autumn term of its own year.
    if (autumn) year += 1;
    autumn = !autumn;
  }
  return out;
}
