/** What every part of the generator shares: options, the random stream, calendars and counters. */
import { day } from "./calendar.ts";
import { type IntakeCalendar, intakeCalendar } from "./catalog/intakes.ts";
import { type Country, type Intake, PROGRAMMES, type Programme } from "./catalog/programmes.ts";
import { SchoolRegistry } from "./catalog/schools.ts";
import { SessionCatalog } from "./catalog/sessions.ts";
import { IdentityAllocator } from "./identity.ts";
import type { DemoOptions } from "./options.ts";
import { Rng } from "./prng.ts";
import { RATES } from "./rates.ts";

export class Context {
  readonly rng: Rng;
  /** The day every extract is taken: 1 October of the last cycle. Nothing later is written. */
  readonly extractDay: number;
  /** Ladok's earlier student extract, where some interim numbers have not yet been replaced. */
  readonly earlyExtractDay: number;
  readonly firstCycle: number;
  readonly countries: Country[];
  readonly ids: IdentityAllocator;
  readonly schools: Partial<Record<Country, SchoolRegistry>> = {};
  readonly sessions: SessionCatalog;
  private readonly calendars = new Map<string, IntakeCalendar>();
  private readonly seq = new Map<string, number>();

  constructor(readonly options: DemoOptions) {
    this.rng = new Rng(options.seed);
    this.extractDay = day(options.lastCycle, 10, 1);
    this.earlyExtractDay = day(options.lastCycle, 3, 1);
    this.firstCycle = options.lastCycle - options.years + 1;
    this.countries = options.country === "both" ? ["se", "nl"] : [options.country];
    this.ids = new IdentityAllocator(options.seed);
    const share = 1 / this.countries.length;
    for (const c of this.countries) {
      this.schools[c] = new SchoolRegistry(
        this.rng.fork(c === "se" ? 1 : 2),
        c,
        SchoolRegistry.countFor(options.persons * share),
      );
    }
    const cyclePersons = (options.persons * (1 - RATES.population.historicAlumni) * share) / options.years;
    this.sessions = new SessionCatalog(this.rng.fork(3), cyclePersons);
  }

  calendar(country: Country, intake: Intake, cycle: number): IntakeCalendar {
    const key = `${country}:${intake}:${cycle}`;
    let cal = this.calendars.get(key);
    if (!cal) {
      cal = intakeCalendar(country, intake, cycle);
      this.calendars.set(key, cal);
    }
    return cal;
  }

  /** Next number in a named sequence (submission ids, mailing ids...), from 1. */
  next(name: string): number {
    const n = (this.seq.get(name) ?? 0) + 1;
    this.seq.set(name, n);
    return n;
  }

  programmes(country: Country): Programme[] {
    return PROGRAMMES.filter((p) => p.country === country);
  }
}
