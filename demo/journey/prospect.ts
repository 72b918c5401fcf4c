/**
 * The prospect's life in the CRM: inquiries by channel, further forms, open days (registration,
 * cancellation, check-in or no-show, walk-ins) and trial lectures.
 */
import { atTime, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import type {
  Channel,
  CrmJourney,
  EventSession,
  FormSubmission,
  FormType,
  Person,
  Registration,
} from "../person.ts";
import type { Rng } from "../prng.ts";
import { RATES } from "../rates.ts";
import { campaignFor } from "./campaigns.ts";

/** A working-hours-ish moment on a day (forms are filled in evenings too). */
export function momentOn(rng: Rng, dayNumber: number): number {
  return atTime(dayNumber, rng.int(7, 22), rng.int(0, 59), rng.int(0, 59));
}

function newCrm(ctx: Context, at: number): CrmJourney {
  return {
    contactId: ctx.ids.contactId(),
    createdAt: at,
    forms: [],
    registrations: [],
    firstChannel: null,
    inquired: null,
    idKnownFrom: null,
  };
}

export function addForm(
  ctx: Context,
  p: Person,
  type: FormType,
  at: number,
  channel: Channel,
  campaign: string,
): FormSubmission {
  if (!p.crm) p.crm = newCrm(ctx, at);
  const form: FormSubmission = {
    id: `S${String(ctx.next("submission")).padStart(8, "0")}`,
    contactId: p.crm.contactId,
    type,
    at,
    channel,
    campaign,
    programme: type === "alumni_signup" || type === "catalogue_order_school" ? "" : (p.programme?.code ?? ""),
    schoolCode: p.school ? p.school.code + p.school.branch : "",
  };
  p.crm.forms.push(form);
  return form;
}

const FIRST_FORM: Record<Channel, FormType> = {
  web_form: "inquiry",
  catalogue: "catalogue_order_person",
  fair: "inquiry",
  newsletter: "newsletter_signup",
  agent: "inquiry",
  social: "inquiry",
  search: "inquiry",
};

/**
 * The first day of the prospect's intake's inquiry cycle as the institution dates it: the day after the deadline of
 * the programme's other intake (one that takes inquiries) that comes last before this intake's. An inquiry names no
 * intake, so an institution counts it toward the first intake of the programme whose deadline follows it: a prospect
 * planted earlier (an autumn prospect inquiring before the spring deadline) would be one no rule could recover.
 */
function cycleOpens(ctx: Context, p: Person): number {
  const cal = p.intake!;
  let opens = Number.NEGATIVE_INFINITY;
  for (const other of p.programme!.intakes) {
    // Dutch February intakes take no inquiries (the calendar counts them toward September)
    if (other === cal.intake || other === "FEB") continue;
    for (const cycle of [cal.cycle - 1, cal.cycle, cal.cycle + 1]) {
      const deadline = ctx.calendar(p.country, other, cycle).deadline;
      if (deadline < cal.deadline && deadline + 1 > opens) opens = deadline + 1;
    }
  }
  return opens;
}

/** Inquiries and events before the application window closes. Returns whether any event was attended. */
export function prospectJourney(ctx: Context, p: Person): { openDay: boolean; trial: boolean } {
  const rng = ctx.rng;
  const cal = p.intake!;
  const result = { openDay: false, trial: false };
  // Walk-ins are drawn for everyone, inquirer or not: people come to an open day on a friend's word.
  const walkIn = rng.chance(RATES.openDay.walkIn);
  if (!rng.chance(RATES.prospect.inquirer)) {
    if (walkIn) result.openDay = addWalkIn(ctx, p, rng, cal.prospectStart) || result.openDay;
    return result;
  }
  const channel = rng.weighted<Channel>(
    p.international ? RATES.prospect.internationalChannels : RATES.prospect.channels,
  );
  const firstDay = rng.int(Math.max(cal.prospectStart, cycleOpens(ctx, p)), cal.prospectEnd - 20);
  const firstAt = momentOn(rng, firstDay);
  const type = channel === "web_form" && rng.chance(0.15) ? "project_interest" : FIRST_FORM[channel];
  addForm(
    ctx,
    p,
    type,
    firstAt,
    channel,
    campaignFor(rng, channel, cal.key, firstAt, p.country, p.international),
  );
  const crm = p.crm!;
  crm.firstChannel = channel;
  crm.inquired = firstAt;

  // Further forms: Poisson-like count with the configured mean.
  let extra = 0;
  while (rng.chance(RATES.prospect.extraForms / (1 + RATES.prospect.extraForms)) && extra < 4) extra++;
  for (let i = 0; i < extra; i++) {
    const at = momentOn(rng, rng.int(firstDay + 1, cal.prospectEnd + 10));
    const t = rng.pick<FormType>(
      p.international
        ? ["inquiry", "scholarship_application", "newsletter_signup", "project_interest"]
        : ["inquiry", "newsletter_signup", "catalogue_order_person", "project_interest"],
    );
    const ch: Channel =
      t === "newsletter_signup"
        ? "newsletter"
        : t === "catalogue_order_person"
          ? "catalogue"
          : rng.pick(["web_form", "social", "search"]);
    addForm(ctx, p, t, at, ch, campaignFor(rng, ch, cal.key, at, p.country, p.international));
  }

  const openDays = ctx.sessions.openDays(cal).filter((s) => s.startsAt > firstAt + 2 * SECONDS_PER_DAY);
  if (openDays.length > 0 && rng.chance(RATES.openDay.register)) {
    const reg = register(ctx, rng, rng.pick(openDays), firstAt, RATES.openDay.cancel, RATES.openDay.noShow);
    crm.registrations.push(reg);
    result.openDay = reg.checkedInAt !== null;
  }
  if (walkIn && !result.openDay) result.openDay = addWalkIn(ctx, p, rng, firstAt);

  const share = p.programme!.weight / ctx.programmes(p.country).reduce((s, q) => s + q.weight, 0);
  const trials = ctx.sessions
    .trialLectures(cal, p.programme!, share)
    .filter((s) => s.startsAt > firstAt + 2 * SECONDS_PER_DAY);
  if (trials.length > 0 && rng.chance(RATES.trialLecture.register)) {
    const reg = register(ctx, rng, rng.pick(trials), firstAt, 0.05, RATES.trialLecture.noShow);
    crm.registrations.push(reg);
    result.trial = reg.checkedInAt !== null;
  }
  return result;
}

function register(
  ctx: Context,
  rng: Rng,
  session: EventSession,
  after: number,
  cancel: number,
  noShow: number,
): Registration {
  const span = Math.max(1, Math.floor((session.startsAt - after) / SECONDS_PER_DAY) - 1);
  const at = after + rng.int(1, span) * SECONDS_PER_DAY + rng.int(0, 3600);
  const id = `R${String(ctx.next("registration")).padStart(8, "0")}`;
  if (session.confirmed >= session.capacity) {
    return { id, session, at, status: "waitlisted", cancelledAt: null, checkedInAt: null };
  }
  session.confirmed++;
  if (rng.chance(cancel)) {
    const cancelledAt = at + Math.floor(rng.float() * (session.startsAt - at));
    return { id, session, at, status: "cancelled", cancelledAt, checkedInAt: null };
  }
  const checkedInAt = rng.chance(noShow) ? null : session.startsAt - 900 + rng.int(0, 7200);
  return { id, session, at, status: "confirmed", cancelledAt: null, checkedInAt };
}

/** A check-in without registration, at an open day after `after`; false when none is left. */
function addWalkIn(ctx: Context, p: Person, rng: Rng, after: number): boolean {
  const sessions = ctx.sessions.openDays(p.intake!).filter((s) => s.startsAt > after);
  if (sessions.length === 0) return false;
  const session = rng.pick(sessions);
  // A walk-in who never contacted us exists only in the check-in list, not in the CRM.
  p.walkIn = { session, at: session.startsAt + rng.int(0, 14_400) };
  return true;
}
