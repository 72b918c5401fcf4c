/**
 * Ladok-like student-records reports: students (two extracts, so interim numbers can be seen replaced),
 * course registrations, results, study breaks (avbrott) and degrees. Windows-1252, semicolon, CRLF,
 * three metadata lines before the header, decimal comma; registrations and results end with
 * "Totalt;<n>". Interim numbers are valid only with the issuer in the "Lärosäte" metadata line.
 */
import { day, isoDate, isoMinute, SECONDS_PER_DAY, yearOf } from "../calendar.ts";
import type { Context } from "../context.ts";
import type { Person } from "../person.ts";
import type { Built } from "../population.ts";
import type { Table, Tables } from "../table.ts";
import { credits, personRng, SWEDISH_REPORT, swedishIdOn, writeSwedishId } from "./format.ts";

/** Institution code that issues interim numbers (matches the warehouse's default interimIssuer). */
export const LADOK_ISSUER = "DEMO";
const SALT = 303;
const GRADING: Record<string, string> = { UGVG: "UG VG", U345: "U 3 4 5", AF: "A-F" };

/** The columns of Ladok's student report, as the demo writes them (below its three report lines). */
export const LADOK_STUDENT_HEADER = [
  "Ladok-UID",
  "Personnummer",
  "Förnamn",
  "Efternamn",
  "Födelsedatum",
  "Kön",
  "E-post",
  "Första registrering",
];

export class LadokSystem {
  private readonly studentsEarly: Table;
  private readonly students: Table;
  private readonly registrations: Table;
  private readonly results: Table;
  private readonly breaks: Table;
  private readonly degrees: Table;
  private readonly end: number;
  private readonly earlyEnd: number;

  constructor(
    private readonly ctx: Context,
    tables: Tables,
  ) {
    this.end = ctx.extractDay * SECONDS_PER_DAY;
    this.earlyEnd = ctx.earlyExtractDay * SECONDS_PER_DAY;
    const report = (
      kind: string,
      title: string,
      extractDay: number,
      header: string[],
      extra: Partial<Parameters<Tables["create"]>[0]> = {},
    ) =>
      tables.create({
        kind,
        file: `${kind}_${isoDate(extractDay)}.csv`,
        format: SWEDISH_REPORT,
        preamble: [
          `Rapport: ${title}`,
          `Körd: ${isoMinute(extractDay * SECONDS_PER_DAY + 6 * 3600 + 15 * 60)} av exportkonto ladok-rapport`,
          `Urval: Lärosäte ${LADOK_ISSUER} (Demo University), period 2010-01-01 - ${isoDate(extractDay)}`,
        ],
        header,
        id: "Personnummer",
        structural: true,
        ...extra,
      });
    const studentHeader = LADOK_STUDENT_HEADER;
    const studentExtra = {
      names: { first: "Förnamn", last: "Efternamn", email: "E-post" },
      dates: ["Födelsedatum", "Första registrering"],
    };
    this.studentsEarly = report(
      "ladok_studenter",
      "Studenter",
      ctx.earlyExtractDay,
      studentHeader,
      studentExtra,
    );
    this.students = report("ladok_studenter", "Studenter", ctx.extractDay, studentHeader, studentExtra);
    this.registrations = report(
      "ladok_registreringar",
      "Registreringar per kurstillfälle",
      ctx.extractDay,
      [
        "Ladok-UID",
        "Personnummer",
        "Programkod",
        "Kurskod",
        "Kursnamn",
        "Termin",
        "Omfattning hp",
        "Registreringsdatum",
        "Registreringstyp",
      ],
      { dates: ["Registreringsdatum"], totals: (n) => `Totalt;${n}` },
    );
    this.results = report(
      "ladok_resultat",
      "Resultat på kurs",
      ctx.extractDay,
      ["Ladok-UID", "Personnummer", "Kurskod", "Termin", "Betyg", "Betygsskala", "Hp", "Examinationsdatum"],
      { dates: ["Examinationsdatum"], totals: (n) => `Totalt;${n}` },
    );
    this.breaks = report(
      "ladok_avbrott",
      "Studieavbrott",
      ctx.extractDay,
      ["Ladok-UID", "Personnummer", "Programkod", "Avbrottstyp", "Avbrottsdatum", "Termin"],
      { dates: ["Avbrottsdatum"] },
    );
    this.degrees = report(
      "ladok_examen",
      "Utfärdade examensbevis",
      ctx.extractDay,
      [
        "Ladok-UID",
        "Personnummer",
        "Förnamn",
        "Efternamn",
        "Examen",
        "Examenskod",
        "Programkod",
        "Examensdatum",
        "Hp",
      ],
      { names: { first: "Förnamn", last: "Efternamn" }, dates: ["Examensdatum"] },
    );
  }

  write({ person: p }: Built): void {
    if (p.country !== "se") return;
    const style = personRng(this.ctx.options.seed, p, SALT).chance(0.8) ? ("12-" as const) : ("12" as const);
    const idOn = (at: number) => {
      const id = swedishIdOn(p, at, true);
      return id ? writeSwedishId(id, style, this.ctx.extractDay) : "";
    };
    const past = p.pastDegree;
    if (past?.inRecords && p.swedish) {
      // Historic alumni are in Ladok only with their degree; their first registration is the autumn they began.
      const started = day(yearOf(past.date) - Math.round(past.programme.credits / 60), 8, 30);
      this.student(p, past.uid, started, idOn);
      this.degree(
        p,
        past.uid,
        past.programme.degree,
        past.programme.degreeCode,
        past.programme.code,
        past.date,
        past.programme.credits,
        idOn(this.end),
      );
      return;
    }
    const study = p.study;
    if (!study || study.startedAt * SECONDS_PER_DAY >= this.end) return;
    const programme = p.programme!;
    const uid = study.uid;
    this.student(p, uid, study.startedAt, idOn);
    const current = idOn(this.end);
    const firstTerm = study.courses[0]?.term;
    for (const c of study.courses) {
      if (c.registeredAt * SECONDS_PER_DAY >= this.end) continue;
      this.registrations.write(
        [
          uid,
          current,
          programme.code,
          c.code,
          c.name,
          c.term,
          credits(c.credits),
          isoDate(c.registeredAt),
          c.term === firstTerm ? "Förstagångsregistrering" : "Fortsättningsregistrering",
        ],
        `${uid}:${c.code}:${c.term}`,
        p,
      );
      for (const r of c.results) {
        if (r.at >= this.end) continue;
        this.results.write(
          [
            uid,
            current,
            c.code,
            c.term,
            r.grade,
            GRADING[programme.scale] ?? programme.scale,
            r.passed ? credits(c.credits) : "0",
            isoDate(Math.floor(r.at / SECONDS_PER_DAY)),
          ],
          `${uid}:${c.code}:${isoDate(Math.floor(r.at / SECONDS_PER_DAY))}`,
          p,
        );
      }
    }
    if (study.leave && study.leave.at * SECONDS_PER_DAY < this.end) {
      this.breaks.write(
        [uid, current, programme.code, study.leave.type, isoDate(study.leave.at), study.leave.term],
        `${uid}:${programme.code}`,
        p,
      );
    }
    if (study.degree && study.degree.at * SECONDS_PER_DAY < this.end) {
      this.degree(
        p,
        uid,
        programme.degree,
        programme.degreeCode,
        programme.code,
        study.degree.at,
        study.degree.credits,
        current,
      );
    }
  }

  private student(p: Person, uid: string, started: number, idOn: (at: number) => string): void {
    for (const [table, end] of [
      [this.studentsEarly, this.earlyEnd],
      [this.students, this.end],
    ] as const) {
      if (started * SECONDS_PER_DAY >= end) continue;
      table.write(
        [
          uid,
          idOn(end - 1),
          p.first,
          p.prefix ? `${p.prefix} ${p.last}` : p.last,
          isoDate(p.birth),
          p.female ? "K" : "M",
          p.email,
          isoDate(started),
        ],
        uid,
        p,
      );
    }
  }

  private degree(
    p: Person,
    uid: string,
    name: string,
    code: string,
    programme: string,
    at: number,
    hp: number,
    id: string,
  ): void {
    this.degrees.write(
      [uid, id, p.first, p.last, name, code, programme, isoDate(at), credits(hp)],
      `${uid}:${code}`,
      p,
    );
  }
}
