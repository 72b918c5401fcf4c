/**
 * The population, built one family at a time so memory does not grow with its size: a student (with
 * a sibling, or a parent who is an alumnus, now and then), a historic alumnus, or a school counsellor.
 * Each person's whole life is simulated before the next is started.
 */

import { day, SECONDS_PER_DAY } from "./calendar.ts";
import type { IntakeCalendar } from "./catalog/intakes.ts";
import type { Country, Intake, Programme } from "./catalog/programmes.ts";
import type { Context } from "./context.ts";
import { uuid } from "./identity.ts";
import { applicationJourney, applies, clamp } from "./journey/admission.ts";
import { alumniJourney } from "./journey/alumni.ts";
import { campaignFor } from "./journey/campaigns.ts";
import { consentJourney } from "./journey/consents.ts";
import { mailingJourney } from "./journey/mailings.ts";
import { addForm, momentOn, prospectJourney } from "./journey/prospect.ts";
import { studyJourney } from "./journey/studies.ts";
import { INTL_FEMALE, INTL_LAST, INTL_MALE } from "./names/intl.ts";
import { NL_FEMALE, NL_LAST, NL_MALE } from "./names/nl.ts";
import { SE_FEMALE, SE_LAST, SE_MALE } from "./names/se.ts";
import type { Mailing, Person, PersonKind } from "./person.ts";
import type { Rng } from "./prng.ts";
import { RATES } from "./rates.ts";

const INTL_NATIONALITIES: readonly [string, boolean][] = [
  ["IN", false],
  ["CN", false],
  ["TR", false],
  ["PK", false],
  ["IR", false],
  ["BD", false],
  ["NG", false],
  ["US", false],
  ["DE", true],
  ["FR", true],
  ["IT", true],
  ["ES", true],
  ["PL", true],
  ["FI", true],
  ["BE", true],
  ["VN", false],
  ["KR", false],
  ["MX", false],
  ["BR", false],
  ["EG", false],
  ["UA", false],
  ["GR", true],
];
const DOMAINS = {
  se: ["gmail.com", "hotmail.com", "outlook.com", "live.se", "telia.com", "icloud.com", "yahoo.se"],
  nl: ["gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl", "icloud.com"],
  intl: ["gmail.com", "yahoo.com", "outlook.com", "qq.com", "163.com", "hotmail.com"],
} as const;

/** What the writer needs besides the person: the plants the mailing journey made. */
export interface Built {
  person: Person;
  overMailed: Mailing | null;
  collisions: [Mailing, Mailing][];
}

export class Population {
  private made = 0;

  constructor(private readonly ctx: Context) {}

  /** Yields exactly `persons` persons, each with its whole history. */
  *persons(): Generator<Built> {
    const ctx = this.ctx;
    const rng = ctx.rng;
    const total = ctx.options.persons;
    while (this.made < total) {
      const country = rng.pick(ctx.countries);
      const r = rng.float();
      if (r < RATES.population.historicAlumni) {
        yield this.finish(this.historic(country, null));
      } else if (r < RATES.population.historicAlumni + RATES.population.counsellor) {
        yield this.finish(this.counsellor(country));
      } else {
        const student = this.student(country);
        if (rng.chance(RATES.population.parentAlumnus) && this.made + 1 < total) {
          const parent = this.historic(country, student);
          yield this.finish(parent, true);
          student.relations.push({ type: "parent", other: parent });
          yield this.finish(student);
        } else if (rng.chance(RATES.population.sibling) && this.made + 1 < total) {
          const first = this.finish(student);
          yield first;
          const sibling = this.student(country, student);
          sibling.relations.push({ type: "sibling", other: student });
          yield this.finish(sibling);
        } else {
          yield this.finish(student);
        }
      }
    }
  }

  private base(
    kind: PersonKind,
    country: Country,
    international: boolean,
    birth: number,
    lastFrom?: Person,
  ): Person {
    const rng = this.ctx.rng;
    const female = rng.chance(RATES.population.female);
    const foreignName = international || rng.chance(0.08);
    const nationality = international
      ? rng.pick(INTL_NATIONALITIES)
      : ([country.toUpperCase(), true] as const);
    let first: string;
    let prefix = "";
    let last: string;
    if (foreignName) {
      first = rng.pick(female ? INTL_FEMALE : INTL_MALE);
      last = rng.pick(INTL_LAST);
    } else if (country === "se") {
      first = rng.pick(female ? SE_FEMALE : SE_MALE);
      last = rng.pick(SE_LAST);
    } else {
      first = rng.pick(female ? NL_FEMALE : NL_MALE);
      [prefix, last] = rng.pick(NL_LAST);
    }
    if (lastFrom) {
      prefix = lastFrom.prefix;
      last = lastFrom.last;
    }
    const domains = international ? DOMAINS.intl : DOMAINS[country];
    const domain = rng.pick(domains);
    const email = this.ctx.ids.email(rng, first, last, domain);
    const altEmail = this.ctx.ids.email(rng, first, last, rng.pick(domains.filter((d) => d !== domain)));
    return {
      id: "",
      index: -1,
      kind,
      country,
      international,
      nationality: nationality[0],
      eu: nationality[1],
      female,
      first,
      prefix,
      last,
      birth,
      swedish: null,
      interim: null,
      bsn: null,
      email,
      altEmail,
      phone: phone(rng, international ? "intl" : country),
      school: null,
      gradeZ: rng.normal(),
      entryGrade: null,
      ability: 0,
      intake: null,
      programme: null,
      crm: null,
      application: null,
      study: null,
      alumni: null,
      walkIn: null,
      mailings: [],
      consents: [],
      relations: [],
      pastDegree: null,
    };
  }

  private student(country: Country, siblingOf?: Person): Person {
    const ctx = this.ctx;
    const rng = ctx.rng;
    const international = !siblingOf && rng.chance(RATES.population.international);
    const cycle = rng.int(ctx.firstCycle, ctx.options.lastCycle);
    const programme = pickProgramme(rng, ctx.programmes(country), international);
    const intake: Intake =
      programme.intakes.length > 1 && rng.chance(country === "se" ? 0.22 : 0.12)
        ? programme.intakes[1]!
        : programme.intakes[0]!;
    const cal: IntakeCalendar = ctx.calendar(country, intake, cycle);
    const age =
      programme.credits === 120
        ? 22 + Math.floor(rng.float() ** 2 * 12)
        : 18 + Math.floor(rng.float() ** 3 * 25) + 1;
    const birth = siblingOf
      ? siblingOf.birth + rng.int(400, 2500) * (rng.chance(0.5) ? 1 : -1)
      : cal.termStart - age * 365 - rng.int(0, 364);
    const p = this.base("student", country, international, birth, siblingOf);
    p.intake = cal;
    p.programme = programme;
    if (!international) {
      const school = ctx.schools[country]!.pick(rng);
      p.school = school;
      p.gradeZ += school.gradeShift;
      p.entryGrade =
        country === "se"
          ? Math.round(clamp(14.5 + 3.4 * p.gradeZ, 8, 22.5) * 100) / 100
          : Math.round(clamp(6.9 + 0.55 * p.gradeZ, 5.5, 10) * 10) / 10;
    }
    const s = RATES.studies;
    p.ability = s.gradeWeight * p.gradeZ + (p.school?.effect ?? 0) + s.noise * rng.normal();
    return p;
  }

  private historic(country: Country, childOf: Person | null): Person {
    const ctx = this.ctx;
    const rng = ctx.rng;
    const international = !childOf && rng.chance(0.1);
    let gradYear: number;
    let birth: number;
    if (childOf) {
      birth = childOf.birth - rng.int(24 * 365, 38 * 365);
      gradYear = Math.min(ctx.firstCycle - 1, Math.floor(1970 + birth / 365.25) + rng.int(22, 27));
    } else {
      // Skewed to recent years, with a tail back to the 1940s (some alumni are now 100 or older).
      gradYear = ctx.firstCycle - 1 - Math.floor(rng.float() ** 1.4 * 76);
      birth = day(gradYear - rng.int(21, 30), rng.int(1, 12), rng.int(1, 28));
    }
    const p = this.base("historic_alumnus", country, international, birth, childOf ?? undefined);
    if (childOf) {
      // The child carries the family name; the parent may hold it too, or not.
      if (rng.chance(0.4)) {
        const other = this.base("historic_alumnus", country, false, birth);
        p.prefix = other.prefix;
        p.last = other.last;
      }
    }
    const programme = pickProgramme(rng, ctx.programmes(country), international);
    const date = day(gradYear, country === "se" ? 6 : 8, rng.int(1, 28));
    p.pastDegree = {
      programme,
      date,
      inRecords: gradYear - Math.round(programme.credits / 60) >= 2010,
      uid: uuid(rng),
      studentNumber: String(1_000_000 + ctx.next("studentnumber")),
    };
    p.programme = programme;
    return p;
  }

  private counsellor(country: Country): Person {
    const rng = this.ctx.rng;
    const p = this.base(
      "counsellor",
      country,
      false,
      day(rng.int(1960, 1992), rng.int(1, 12), rng.int(1, 28)),
    );
    p.school = this.ctx.schools[country]!.pick(rng);
    return p;
  }

  /** Gives the person an id and national identifiers, and lives their life. */
  private finish(p: Person, parentOfStudent = false): Built {
    const ctx = this.ctx;
    p.index = this.made++;
    p.id = `P${String(p.index + 1).padStart(7, "0")}`;
    if (!p.international) this.nationalId(p);
    if (p.kind === "counsellor") {
      this.counsellorForms(p);
    } else if (p.kind === "historic_alumnus") {
      const d = p.pastDegree!;
      p.alumni = alumniJourney(ctx, p, d.programme, d.date, { always: true, forceCrm: parentOfStudent });
    } else {
      this.studentLife(p);
    }
    consentJourney(ctx, p);
    return { person: p, ...mailingJourney(ctx, p) };
  }

  private nationalId(p: Person): void {
    if (p.country === "nl") {
      p.bsn = this.ctx.ids.bsn(p.index);
      return;
    }
    const kind =
      p.kind === "student" && this.ctx.rng.chance(RATES.population.samordningsnummer)
        ? "samordningsnummer"
        : "personnummer";
    const { id, birth } = this.ctx.ids.swedish(p.birth, p.female, kind);
    p.birth = birth;
    p.swedish = { id, kind, from: kind === "personnummer" ? birth : birth + 365 * 18 };
  }

  private studentLife(p: Person): void {
    const ctx = this.ctx;
    const rng = ctx.rng;
    const events = prospectJourney(ctx, p);
    if (!applies(rng, p, events)) return;
    const app = applicationJourney(ctx, p);
    p.application = app;
    if (p.crm && p.swedish && rng.chance(0.5))
      p.crm.idKnownFrom = app.appliedAt + rng.int(1, 20) * SECONDS_PER_DAY;
    if (app.reply !== "Tackat ja") return;
    const cal = p.intake!;
    if (p.international) {
      // International students announce their arrival and look for housing before term starts.
      const from = Math.floor(app.replyAt! / SECONDS_PER_DAY) + 1;
      for (const type of ["arrival_registration", "housing_interest"] as const) {
        if (rng.chance(0.7))
          addForm(
            ctx,
            p,
            type,
            momentOn(rng, rng.int(from, Math.max(from, cal.termStart - 3))),
            "web_form",
            "",
          );
      }
      if (app.melt !== "no_show" && p.country === "se") this.internationalIds(p);
    }
    if (app.melt === "no_show") return;
    const programme = app.admitted!.programme;
    p.programme = programme;
    p.study = studyJourney(ctx, p, programme);
    const degree = p.study.degree;
    if (degree && degree.at < ctx.extractDay) {
      p.alumni = alumniJourney(ctx, p, programme, degree.at, { always: false, forceCrm: false });
    }
  }

  /** Ladok gives most enrolled internationals an interim number, later replaced by a Swedish number. */
  private internationalIds(p: Person): void {
    const rng = this.ctx.rng;
    const start = p.intake!.termStart;
    if (rng.chance(RATES.identity.interim)) {
      p.interim = this.ctx.ids.swedish(p.birth, p.female, "interim").id;
      if (!rng.chance(RATES.identity.interimReplaced)) return;
      const kind = rng.chance(0.5) ? "personnummer" : "samordningsnummer";
      const { id, birth } = this.ctx.ids.swedish(p.birth, p.female, kind);
      p.birth = birth;
      p.swedish = { id, kind, from: start + rng.int(150, 400) };
    } else {
      const { id, birth } = this.ctx.ids.swedish(p.birth, p.female, "samordningsnummer");
      p.birth = birth;
      p.swedish = { id, kind: "samordningsnummer", from: start - rng.int(5, 60) };
    }
  }

  private counsellorForms(p: Person): void {
    const ctx = this.ctx;
    const rng = ctx.rng;
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const cycle = rng.int(ctx.firstCycle, ctx.options.lastCycle);
      const cal = ctx.calendar(p.country, p.country === "se" ? "HT" : "SEP", cycle);
      const at = momentOn(rng, rng.int(cal.prospectStart, cal.prospectEnd));
      addForm(
        ctx,
        p,
        "catalogue_order_school",
        at,
        "catalogue",
        campaignFor(rng, "catalogue", cal.key, at, p.country, false),
      );
    }
  }
}

function pickProgramme(rng: Rng, programmes: Programme[], international: boolean): Programme {
  const weights: Record<string, number> = {};
  for (const q of programmes) weights[q.code] = q.weight * (international && q.international ? 12 : 1);
  const code = rng.weighted(weights);
  return programmes.find((q) => q.code === code)!;
}

function phone(rng: Rng, kind: "se" | "nl" | "intl"): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join("");
  if (kind === "se") {
    const body = `7${rng.pick(["0", "2", "3", "6"])}${digits(7)}`;
    const style = rng.int(0, 3);
    if (style === 0) return `0${body}`;
    if (style === 1) return `0${body.slice(0, 2)}-${body.slice(2, 5)} ${body.slice(5, 7)} ${body.slice(7)}`;
    if (style === 2)
      return `+46 ${body.slice(0, 2)} ${body.slice(2, 5)} ${body.slice(5, 7)} ${body.slice(7)}`;
    return `+46${body}`;
  }
  if (kind === "nl") {
    const body = digits(8);
    return rng.chance(0.6) ? `06-${body}` : `+31 6 ${body}`;
  }
  return `+${rng.pick(["91", "86", "90", "92", "98", "1", "49", "33", "39", "34", "48", "234"])} ${digits(9)}`;
}
