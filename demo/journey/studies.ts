/**
 * Studies after enrolment: four courses a term, results driven by ability (entry grade, school effect,
 * noise), re-exams, early leaving (melt), later drop-out, the Dutch binding study advice, degrees.
 */

import { SECONDS_PER_DAY } from "../calendar.ts";
import { termsFrom } from "../catalog/intakes.ts";
import type { GradingScale, Programme } from "../catalog/programmes.ts";
import type { Context } from "../context.ts";
import { uuid } from "../identity.ts";
import type { CourseRecord, Person, StudyJourney } from "../person.ts";
import type { Rng } from "../prng.ts";
import { RATES } from "../rates.ts";
import { clamp } from "./admission.ts";

const COURSES_PER_TERM = 4;
const COURSE_CREDITS = 7.5;
/** Each programme's subject as course names say it. */
const FIELDS: Record<string, string> = {
  SYSVK: "informatik",
  DATVK: "datavetenskap",
  EKOVK: "företagsekonomi",
  SSKVK: "omvårdnad",
  HIDAT: "datateknik",
  HIMAS: "maskinteknik",
  LGRFK: "didaktik",
  SOCVK: "socialt arbete",
  BETVK: "beteendevetenskap",
  MKVVK: "medie- och kommunikationsvetenskap",
  MADSC: "data science",
  MABUS: "business administration",
  "56978": "informatica",
  "56604": "psychologie",
  "50700": "recht",
  "50645": "bedrijfskunde",
  "56860": "biologie",
  "56615": "communicatiewetenschap",
  "56551": "geneeskunde",
  "50950": "economie",
  "56966": "werktuigbouwkunde",
  "56964": "technische informatica",
};
const ROMAN = ["", " II", " III", " IV", " V"];
const SE_STEMS = [
  "Introduktion till",
  "Grundkurs i",
  "Metoder inom",
  "Fördjupning i",
  "Tillämpad",
  "Projektkurs i",
  "Teori och praktik i",
  "Vetenskaplig metod för",
];
const NL_STEMS = [
  "Inleiding",
  "Methoden en technieken",
  "Verdieping",
  "Academische vaardigheden",
  "Project",
  "Theorie en praktijk",
  "Statistiek",
  "Onderzoekspracticum",
];

export function studyJourney(ctx: Context, p: Person, programme: Programme): StudyJourney {
  const rng = ctx.rng;
  const app = p.application!;
  const cal = p.intake!;
  const terms = Math.round(programme.credits / 30);
  const schedule = termsFrom(p.country, cal.intake, cal.cycle, terms + 1);
  const study: StudyJourney = {
    uid: uuid(rng),
    startedAt: cal.termStart,
    courses: [],
    leave: null,
    degree: null,
    propedeuse: null,
    firstYearRegistered: 0,
    firstYearPassed: 0,
    lastTermEnd: schedule[terms - 1]!.end,
  };
  const master = programme.credits === 120 && p.country === "se";
  const passP = (a: number) =>
    1 / (1 + Math.exp(-(RATES.studies.passIntercept + RATES.studies.passSlope * a)));
  const failed: CourseRecord[] = [];

  for (let t = 0; t < terms; t++) {
    const term = schedule[t]!;
    const year = Math.floor(t / 2) + 1;
    const termCourses: CourseRecord[] = [];
    for (let c = 0; c < COURSES_PER_TERM; c++) {
      const n = (t % 2) * COURSES_PER_TERM + c + 1;
      const level = master ? year + 3 : year;
      const code =
        p.country === "se"
          ? `${programme.subject}${level}${String(n).padStart(2, "0")}`
          : `${programme.subject}${year}${String(n).padStart(3, "0")}`;
      const stems = p.country === "se" ? SE_STEMS : NL_STEMS;
      const last = t === terms - 1 && c === COURSES_PER_TERM - 1;
      const name = last
        ? `${p.country === "se" ? "Examensarbete i" : "Bachelorscriptie"} ${FIELDS[programme.code]}`
        : `${stems[n - 1]} ${FIELDS[programme.code]}${ROMAN[year - 1]}`;
      termCourses.push({
        code,
        name,
        term: term.label,
        period: (t % 2) * 2 + (c < 2 ? 1 : 2),
        credits: COURSE_CREDITS,
        registeredAt: term.start,
        results: [],
      });
    }
    study.courses.push(...termCourses);
    if (t === 0 && app.melt === "early_leave") {
      study.leave = {
        type: p.country === "se" ? "Tidigt avbrott" : "uitgeschreven",
        at: term.start + rng.int(1, p.country === "se" ? 20 : cal.meltUntil - term.start - 1),
        term: term.label,
      };
      return study;
    }
    let passedThisTerm = 0;
    for (const course of termCourses) {
      if (!rng.chance(RATES.studies.sitExam)) {
        if (p.country === "nl")
          course.results.push({
            grade: "NO",
            passed: false,
            at: examDay(rng, term.end, course.period, p.country),
          });
        failed.push(course);
        continue;
      }
      const a = p.ability + 0.7 * rng.normal();
      const passed = rng.chance(passP(p.ability));
      course.results.push({
        grade: grade(rng, programme.scale, a, passed),
        passed,
        at: examDay(rng, term.end, course.period, p.country),
      });
      if (passed) passedThisTerm += course.credits;
      else failed.push(course);
    }
    // A re-exam early the next term for some of what was failed.
    for (const course of failed.splice(0)) {
      // Ability matters at the re-exam too, or re-exams would wash out school and grade effects.
      if (rng.chance(Math.min(0.97, (RATES.studies.reexamPass * passP(p.ability)) / passP(0)))) {
        const at = (term.end + rng.int(20, 60)) * SECONDS_PER_DAY + 32_400;
        course.results.push({ grade: grade(rng, programme.scale, p.ability, true), passed: true, at });
      } else {
        failed.push(course);
      }
    }
    if (t === 1) {
      const yearEnd = study.startedAt + 365;
      for (const c of study.courses) {
        study.firstYearRegistered += c.credits;
        if (c.results.some((r) => r.passed && r.at < yearEnd * SECONDS_PER_DAY))
          study.firstYearPassed += c.credits;
      }
      if (p.country === "nl") {
        if (study.firstYearPassed >= 60) study.propedeuse = lastPass(study.courses);
        if (study.firstYearPassed < 45 && rng.chance(0.85)) {
          study.leave = { type: "negatief BSA", at: term.end + 10, term: term.label };
          return study;
        }
      }
    }
    if (t < terms - 1) {
      const weak = passedThisTerm < (COURSES_PER_TERM * COURSE_CREDITS) / 2;
      if (rng.chance(RATES.studies.dropoutBase + (weak ? RATES.studies.dropoutWeakTerm : 0))) {
        const next = schedule[t + 1]!;
        study.leave = {
          type: p.country === "se" ? "Sent avbrott" : "uitgeschreven",
          at: next.start + rng.int(0, 40),
          term: next.label,
        };
        return study;
      }
    }
  }
  // Whatever is still failed may be passed in one extension term; otherwise the student stops without a degree.
  if (failed.length > 0) {
    if (!rng.chance(0.5)) return study;
    const ext = schedule[terms]!;
    for (const course of failed) {
      course.results.push({
        grade: grade(rng, programme.scale, p.ability, true),
        passed: true,
        at: examDay(rng, ext.end, course.period, p.country),
      });
    }
  }
  const [lo, hi] = RATES.studies.degreeDelay;
  study.degree = {
    at: Math.floor(lastPass(study.courses) / SECONDS_PER_DAY) + rng.int(lo, hi),
    credits: programme.credits,
  };
  return study;
}

function lastPass(courses: CourseRecord[]): number {
  let last = 0;
  for (const c of courses) for (const r of c.results) if (r.passed && r.at > last) last = r.at;
  return last;
}

/** Exams fall in the last weeks of a term (SE) or at the end of a period (NL blokken). */
function examDay(rng: Rng, termEnd: number, period: number, country: "se" | "nl"): number {
  const offset = country === "nl" && period % 2 === 1 ? 70 : 0;
  return (termEnd - offset - rng.int(3, 14)) * SECONDS_PER_DAY + rng.int(32_400, 61_200);
}

function grade(rng: Rng, scale: GradingScale, a: number, passed: boolean): string {
  switch (scale) {
    case "UGVG":
      return passed ? (a > 0.8 ? "VG" : "G") : "U";
    case "U345":
      return passed ? (a > 1 ? "5" : a > 0.2 ? "4" : "3") : "U";
    case "AF":
      if (!passed) return rng.chance(0.3) ? "Fx" : "F";
      return a > 1.3 ? "A" : a > 0.7 ? "B" : a > 0.1 ? "C" : a > -0.5 ? "D" : "E";
    case "NL10": {
      const g = passed
        ? clamp(6.6 + 0.8 * a + 0.3 * rng.normal(), 5.5, 10)
        : clamp(4.2 + 0.6 * rng.normal(), 1, 5.4);
      return (Math.round(g * 10) / 10).toFixed(1).replace(".", ",");
    }
  }
}
