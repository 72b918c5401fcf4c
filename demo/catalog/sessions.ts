/**
 * Open-day and trial-lecture sessions with a capacity. Registrations beyond capacity are waitlisted,
 * so capacities are drawn around the expected demand: some sessions fill up, most do not.
 */
import { atTime } from "../calendar.ts";
import type { EventSession } from "../person.ts";
import type { Rng } from "../prng.ts";
import { RATES } from "../rates.ts";
import type { IntakeCalendar } from "./intakes.ts";
import type { Programme } from "./programmes.ts";

const INTAKE_SHARE = { HT: 0.8, VT: 0.2, SEP: 0.88, FEB: 0.12 } as const;

export class SessionCatalog {
  private readonly byKey = new Map<string, EventSession[]>();

  constructor(
    private readonly rng: Rng,
    private readonly cyclePersonsPerCountry: number,
  ) {}

  openDays(cal: IntakeCalendar): EventSession[] {
    const key = `OD-${cal.key}`;
    let list = this.byKey.get(key);
    if (!list) {
      const demand =
        (this.cyclePersonsPerCountry *
          INTAKE_SHARE[cal.intake] *
          RATES.prospect.inquirer *
          RATES.openDay.register) /
        cal.openDays.length;
      list = cal.openDays.map((d, i) => ({
        id: `${key}-${i + 1}`,
        type: "open_day" as const,
        title: cal.country === "se" ? `Öppet hus inför ${cal.key}` : `Open dag ${cal.key}`,
        programme: "",
        cohort: cal.key,
        startsAt: atTime(d, 10),
        endsAt: atTime(d, 15),
        location: cal.country === "se" ? "Campus Demo, Aulan" : "Campus Demo, Collegezaal 1",
        capacity: this.capacity(demand),
        confirmed: 0,
      }));
      this.byKey.set(key, list);
    }
    return list;
  }

  trialLectures(cal: IntakeCalendar, programme: Programme, programmeShare: number): EventSession[] {
    const key = `TL-${cal.key}-${programme.code}`;
    let list = this.byKey.get(key);
    if (!list) {
      const demand =
        (this.cyclePersonsPerCountry *
          INTAKE_SHARE[cal.intake] *
          programmeShare *
          RATES.prospect.inquirer *
          RATES.trialLecture.register) /
        cal.trialDays.length;
      list = cal.trialDays.map((d, i) => ({
        id: `${key}-${i + 1}`,
        type: "trial_lecture" as const,
        title:
          cal.country === "se" ? `Provföreläsning: ${programme.name}` : `Proefstuderen: ${programme.name}`,
        programme: programme.code,
        cohort: cal.key,
        startsAt: atTime(d, 13, 15),
        endsAt: atTime(d, 15),
        location: cal.country === "se" ? "Campus Demo, Sal B201" : "Campus Demo, Zaal 2.14",
        capacity: this.capacity(demand),
        confirmed: 0,
      }));
      this.byKey.set(key, list);
    }
    return list;
  }

  /** All sessions created so far, in a stable order. */
  all(): EventSession[] {
    return [...this.byKey.keys()].sort().flatMap((k) => this.byKey.get(k)!);
  }

  private capacity(demand: number): number {
    return Math.max(8, Math.round(demand * (0.85 + 0.55 * this.rng.float())));
  }
}
