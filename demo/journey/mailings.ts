/**
 * Mailings from several departments. Each department sends on its own day of the month (3rd, 10th,
 * 17th, 24th), so ordinary mailings never collide within 48 hours and never exceed the contact cap.
 * On top, some persons are deliberately over-mailed (a burst of five in five days from one department)
 * and some get a second department's message within 48 hours of another's: both are planted and
 * recorded in the truth.
 */

import { atTime, day, dayOfTime, parts } from "../calendar.ts";
import type { Programme } from "../catalog/programmes.ts";
import type { Context } from "../context.ts";
import type { Mailing, Person } from "../person.ts";
import type { Rng } from "../prng.ts";
import { RATES } from "../rates.ts";
import { consentActive } from "./consents.ts";

export const ADMISSIONS = "Admissions Office";
export const INTERNATIONAL = "International Office";
export const STUDENT_SERVICES = "Student Services";
export const ALUMNI_RELATIONS = "Alumni Relations";
export const COMMUNICATIONS = "Communications";

const FACULTIES: Record<string, string> = {
  IKI: "Faculty of Technology",
  DVA: "Faculty of Technology",
  DTE: "Faculty of Technology",
  MTE: "Faculty of Technology",
  FOA: "School of Business",
  OMV: "Faculty of Health and Welfare",
  SAA: "Faculty of Health and Welfare",
  DID: "Faculty of Education and Society",
  PSA: "Faculty of Education and Society",
  MKA: "Faculty of Education and Society",
  INF: "Faculteit Bètawetenschappen",
  TIN: "Faculteit Bètawetenschappen",
  WTB: "Faculteit Bètawetenschappen",
  BIO: "Faculteit Bètawetenschappen",
  BDK: "Faculteit Economie en Bedrijfskunde",
  EBE: "Faculteit Economie en Bedrijfskunde",
  PSY: "Faculteit Sociale Wetenschappen",
  COM: "Faculteit Sociale Wetenschappen",
  RGL: "Faculteit Rechtsgeleerdheid",
  GNK: "Faculteit Geneeskunde",
};

export function facultyOf(programme: Programme): string {
  return FACULTIES[programme.subject] ?? "Faculty of Technology";
}

interface Draft {
  department: string;
  campaign: string;
  at: number;
  /** Baseline mailings may carry a plant; plants are never planted on. */
  baseline: boolean;
  prospect: boolean;
}

/** Monthly slots of a department within [from, to), each sent with probability `reach`. */
function monthly(
  rng: Rng,
  department: string,
  slot: number,
  from: number,
  to: number,
  months: readonly number[] | null,
  prospect: boolean,
  keep: (at: number) => boolean,
  out: Draft[],
): void {
  let { y, m } = parts(from);
  for (;;) {
    const d = day(y, m, slot);
    if (d >= to) return;
    if (d >= from && (months === null || months.includes(m)) && rng.chance(RATES.mailings.reach)) {
      const at = atTime(d, rng.int(8, 15), rng.int(0, 59));
      if (keep(at))
        out.push({
          department,
          campaign: `${department
            .split(" ")
            .map((w) => w[0])
            .join("")}-${y}-${String(m).padStart(2, "0")}`,
          at,
          baseline: true,
          prospect,
        });
    }
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

export function mailingJourney(
  ctx: Context,
  p: Person,
): { overMailed: Mailing | null; collisions: [Mailing, Mailing][] } {
  const none = { overMailed: null, collisions: [] };
  const crm = p.crm;
  if (!crm) return none;
  const rng = ctx.rng;
  const historyStart = day(ctx.firstCycle - 1, 1, 1);
  const end = ctx.extractDay;
  const drafts: Draft[] = [];

  if (p.intake && crm.inquired !== null) {
    const from = Math.max(historyStart, dayOfTime(crm.inquired) + 1);
    const to = Math.min(end, p.study ? p.intake.termStart : p.intake.deadline + 120);
    const keep = (at: number) => consentActive(p, "marketing", at);
    monthly(rng, ADMISSIONS, 3, from, to, null, true, keep, drafts);
    monthly(rng, facultyOf(p.programme!), 10, from, to, null, true, keep, drafts);
    if (p.international) monthly(rng, INTERNATIONAL, 17, from, to, null, true, keep, drafts);
  }
  if (p.study) {
    const leftOrDone = p.study.leave ? p.study.leave.at : p.study.lastTermEnd;
    monthly(
      rng,
      STUDENT_SERVICES,
      24,
      Math.max(historyStart, p.study.startedAt),
      Math.min(end, leftOrDone),
      null,
      false,
      () => true,
      drafts,
    );
  }
  if (p.alumni?.viaCrm) {
    const from = Math.max(historyStart, dayOfTime(p.alumni.joinedAt) + 1);
    monthly(
      rng,
      ALUMNI_RELATIONS,
      24,
      from,
      end,
      [3, 6, 9, 12],
      false,
      (at) => consentActive(p, "alumni_relations", at),
      drafts,
    );
  }

  const result: { overMailed: Draft | null; collisions: [Draft, Draft][] } = {
    overMailed: null,
    collisions: [],
  };
  const candidates = drafts.filter((d) => d.prospect && dayOfTime(d.at) + 5 < end);
  let burstDay = Number.NEGATIVE_INFINITY;
  if (candidates.length > 0 && rng.chance(RATES.mailings.overMailed)) {
    const base = rng.pick(candidates);
    const baseDay = dayOfTime(base.at);
    for (let k = 1; k <= 4; k++) {
      drafts.push({
        department: base.department,
        campaign: `${base.campaign}-reminder-${k}`,
        at: atTime(baseDay + k, rng.int(8, 15), rng.int(0, 59)),
        baseline: false,
        prospect: true,
      });
    }
    result.overMailed = base;
    burstDay = baseDay;
  }
  // Kept well away from a burst, so each plant is counted as exactly what it is.
  const collidable = drafts.filter(
    (d) => d.baseline && Math.abs(dayOfTime(d.at) - burstDay) > 10 && dayOfTime(d.at) + 2 < end,
  );
  if (collidable.length > 0 && rng.chance(RATES.mailings.collision)) {
    const base = rng.pick(collidable);
    const others = [
      ADMISSIONS,
      INTERNATIONAL,
      STUDENT_SERVICES,
      ALUMNI_RELATIONS,
      COMMUNICATIONS,
      p.programme ? facultyOf(p.programme) : COMMUNICATIONS,
    ].filter((d) => d !== base.department);
    const department = rng.pick(others);
    const second: Draft = {
      department,
      campaign: `${department
        .split(" ")
        .map((w) => w[0])
        .join("")}-adhoc`,
      at: base.at + rng.int(3600, 47 * 3600),
      baseline: false,
      prospect: base.prospect,
    };
    drafts.push(second);
    result.collisions.push([base, second]);
  }

  drafts.sort((a, b) => a.at - b.at);
  const byDraft = new Map<Draft, Mailing>();
  for (const d of drafts) {
    const channel = rng.chance(0.9) ? "email" : rng.chance(0.8) ? "sms" : "post";
    const m: Mailing = {
      id: `M${String(ctx.next("mailing")).padStart(9, "0")}`,
      department: d.department,
      campaign: d.campaign,
      channel,
      at: d.at,
    };
    byDraft.set(d, m);
    p.mailings.push(m);
  }
  return {
    overMailed: result.overMailed ? byDraft.get(result.overMailed)! : null,
    collisions: result.collisions.map(([a, b]) => [byDraft.get(a)!, byDraft.get(b)!]),
  };
}
