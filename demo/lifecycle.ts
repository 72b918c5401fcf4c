/**
 * The true lifecycle of a person as of the extract day: the stages a correct pipeline must find, per
 * cohort (programme intake, e.g. HT2026). Only what happened before the extract day counts.
 */
import { SECONDS_PER_DAY } from "./calendar.ts";
import type { Context } from "./context.ts";
import type { Person } from "./person.ts";
import type { Built } from "./population.ts";
import type { PersonRow } from "./truth.ts";

export function lifecycleOf(
  ctx: Context,
  { person: p, overMailed, collisions }: Built,
): { row: PersonRow; stages: string[] } {
  const end = ctx.extractDay * SECONDS_PER_DAY;
  const before = (t: number | null | undefined) => t !== null && t !== undefined && t < end;
  const crm = p.crm;
  const regs = (crm?.registrations ?? []).filter((r) => before(r.at));
  const openDay = regs.filter((r) => r.session.type === "open_day");
  const confirmed = openDay.filter((r) => r.status === "confirmed" && before(r.session.startsAt));
  const walkIn = p.walkIn !== null && before(p.walkIn.at);
  const attended = openDay.some((r) => before(r.checkedInAt)) || walkIn;
  const trial = regs.some((r) => r.session.type === "trial_lecture" && before(r.checkedInAt));
  const app = p.application;
  const applied = !!app && before(app.appliedAt);
  const evaluated = applied && app!.status === "Anmäld" && before(app!.decidedAt);
  const admitted = evaluated && before(app!.admittedAt);
  const accepted = admitted && app!.reply === "Tackat ja" && before(app!.replyAt);
  const census = p.intake ? p.intake.census * SECONDS_PER_DAY : Number.POSITIVE_INFINITY;
  const study = p.study;
  const earlyLeave =
    app?.melt === "early_leave" && !!study?.leave && before(study.leave.at * SECONDS_PER_DAY);
  const noShow = app?.melt === "no_show" && census <= end;
  const melted = accepted && (earlyLeave || noShow);
  const enrolled = accepted && !melted && census <= end && !!study;
  const yearDone = !!study && (study.startedAt + 365) * SECONDS_PER_DAY <= end && enrolled;
  const left = enrolled && !!study?.leave && before(study.leave.at * SECONDS_PER_DAY);
  const graduated = !!study?.degree && before(study.degree.at * SECONDS_PER_DAY);
  const alumni = !!p.alumni && before(p.alumni.joinedAt);
  const inquired = !!crm && before(crm.inquired);

  const flags: [string, boolean][] = [
    ["inquired", inquired],
    ["open_day_registered", openDay.length > 0],
    ["open_day_confirmed", confirmed.length > 0],
    ["open_day_attended", attended],
    ["open_day_no_show", confirmed.length > 0 && !confirmed.some((r) => before(r.checkedInAt))],
    ["trial_lecture_attended", trial],
    ["applied", applied],
    ["evaluated", evaluated],
    ["admitted", admitted],
    ["accepted", accepted],
    ["melted", melted],
    ["enrolled", enrolled],
    ["left", left],
    ["graduated", graduated],
    ["alumni_registered", alumni],
  ];
  const national = p.swedish?.id ?? p.bsn ?? "";
  const row: PersonRow = {
    person_id: p.id,
    kind: p.kind,
    country: p.country,
    international: p.international,
    sex: p.female ? "F" : "M",
    first_name: p.first,
    last_name: p.prefix ? `${p.prefix} ${p.last}` : p.last,
    birth_date: isoDay(p.birth),
    national_id: national,
    national_id_kind: p.swedish?.kind ?? (p.bsn ? "bsn" : ""),
    national_id_from: p.swedish ? isoDay(p.swedish.from) : "",
    interim_id: p.interim ?? "",
    bsn: p.bsn ?? "",
    email: p.email,
    cycle: p.intake?.cycle ?? null,
    intake: p.intake?.key ?? null,
    programme: programmeOf(p),
    school_code: p.school ? p.school.code + p.school.branch : null,
    entry_grade: p.entryGrade,
    ability: p.kind === "student" ? Math.round(p.ability * 1000) / 1000 : null,
    crm_contact_ids: crm && before(crm.createdAt) ? crm.contactId : "",
    inquired,
    first_channel: inquired ? crm!.firstChannel : null,
    open_day_registered: openDay.length > 0,
    open_day_confirmed: confirmed.length > 0,
    open_day_attended: attended,
    walk_in: walkIn,
    trial_lecture_attended: trial,
    applied,
    evaluated,
    admitted,
    accepted,
    enrolled,
    melt: melted ? app!.melt : null,
    first_year_credits_registered: yearDone ? study!.firstYearRegistered : null,
    first_year_credits_passed: yearDone ? study!.firstYearPassed : null,
    left,
    graduated,
    alumni_registered: alumni,
    over_mailed: overMailed !== null && before(overMailed.at),
    mailing_collisions: collisions.length,
  };
  return { row, stages: flags.filter(([, v]) => v).map(([k]) => k) };
}

function programmeOf(p: Person): string | null {
  return p.application?.admitted?.programme.code ?? p.programme?.code ?? null;
}

function isoDay(d: number): string {
  return new Date(d * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}
