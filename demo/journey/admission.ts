/**
 * Applications and their outcome. Sweden (NyA): up to three choices at the institution with their
 * national priority, urval 1 and urval 2, reserves, reply (tackat ja / återbud). Netherlands
 * (Studielink): one verzoek tot inschrijving per person, toelating, payment, enrolment.
 */
import { SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import type { ApplicationJourney, Choice, Person, UrvalResult } from "../person.ts";
import type { Rng } from "../prng.ts";
import { RATES } from "../rates.ts";
import { momentOn } from "./prospect.ts";

export function applies(rng: Rng, p: Person, events: { openDay: boolean; trial: boolean }): boolean {
  if (!p.crm?.inquired) return true; // direct applicants are in the population because they applied
  const a = RATES.application;
  const prob =
    a.inquirerBase + (events.openDay ? a.openDayLift : 0) + (events.trial ? a.trialLectureLift : 0);
  return rng.chance(prob);
}

export function applicationJourney(ctx: Context, p: Person): ApplicationJourney {
  const rng = ctx.rng;
  const cal = p.intake!;
  const early = p.country === "se" ? p.international && cal.intake === "HT" : p.programme!.numerusFixus;
  const inquiryDay = p.crm?.inquired ? Math.floor(p.crm.inquired / SECONDS_PER_DAY) + 1 : 0;
  const useEarly = early && inquiryDay < cal.earlyDeadline - 3;
  const open = Math.max(useEarly ? cal.earlyOpen : cal.applyOpen, inquiryDay);
  const deadline = useEarly ? cal.earlyDeadline : cal.deadline;
  const appliedAt = momentOn(rng, Math.min(deadline, rng.int(open, Math.max(open, deadline))));
  const round = p.country === "se" && useEarly ? `${cal.key}-INT` : cal.key;
  const urval1 = useEarly && p.country === "se" ? deadline + 72 : cal.urval1;
  const urval2 = useEarly && p.country === "se" ? null : cal.urval2;

  const choices: Choice[] = [
    {
      programme: p.programme!,
      priority: rng.chance(0.6) ? 1 : rng.int(2, 4),
      urval1: "",
      reserve1: null,
      urval2: "",
      reserve2: null,
    },
  ];
  if (p.country === "se") {
    const others = ctx
      .programmes("se")
      .filter(
        (q) =>
          q !== p.programme &&
          q.intakes.includes(cal.intake) &&
          q.international === p.programme!.international,
      );
    for (const chance of [RATES.application.secondChoice, RATES.application.thirdChoice]) {
      if (others.length === 0 || !rng.chance(chance)) break;
      const q = others.splice(rng.int(0, others.length - 1), 1)[0]!;
      choices.push({
        programme: q,
        priority: choices[choices.length - 1]!.priority + rng.int(1, 3),
        urval1: "",
        reserve1: null,
        urval2: "",
        reserve2: null,
      });
    }
  }

  const app: ApplicationJourney = {
    applicantId: `A${String(ctx.next("applicant")).padStart(7, "0")}`,
    round,
    appliedAt,
    status: "Anmäld",
    statusAt: appliedAt,
    choices,
    selectionGroup: "",
    merit: "",
    admitted: null,
    admittedAt: null,
    decidedAt: null,
    reply: null,
    replyAt: null,
    feePaying: p.international && !p.eu,
    melt: null,
    studielinkId: String(100_000_000 + ctx.next("studielink") * 7),
    studentNumber: String(1_000_000 + ctx.next("studentnumber")),
    rank: null,
  };
  setMerit(rng, p, app);

  const r = rng.float();
  if (r < RATES.application.withdrawn) {
    app.status = "Återtagen";
    app.statusAt = appliedAt + rng.int(1, 30) * SECONDS_PER_DAY;
    return app;
  }
  if (r < RATES.application.withdrawn + RATES.application.incomplete) {
    app.status = "Ej komplett";
    app.statusAt = (deadline + rng.int(10, 30)) * SECONDS_PER_DAY + 36_000;
    return app;
  }

  const admitted = rng.chance(RATES.admission.admit);
  const viaReserve = admitted && urval2 !== null && rng.chance(RATES.admission.viaReserve);
  const target = admitted ? (choices.length > 1 && rng.chance(0.2) ? 1 : 0) : -1;
  choices.forEach((c, i) => {
    if (admitted && i === target) {
      c.urval1 = viaReserve ? "Reserv" : "Antagen";
      c.reserve1 = viaReserve ? rng.int(1, 60) : null;
      c.urval2 = urval2 === null ? "" : "Antagen";
    } else if (admitted && i > target) {
      c.urval1 = viaReserve ? "Reserv" : "Struken";
      c.reserve1 = viaReserve ? rng.int(20, 200) : null;
      c.urval2 = urval2 === null ? "" : "Struken";
    } else {
      const verdict: UrvalResult =
        admitted || rng.chance(RATES.admission.reserveWhenRejected) ? "Reserv" : "Ej behörig";
      c.urval1 = verdict;
      c.reserve1 = verdict === "Reserv" ? rng.int(5, 400) : null;
      c.urval2 = urval2 === null ? "" : verdict;
      c.reserve2 = urval2 !== null && verdict === "Reserv" ? Math.max(1, c.reserve1! - rng.int(0, 60)) : null;
    }
  });
  if (p.country === "nl" && p.programme!.numerusFixus)
    app.rank = admitted ? rng.int(1, 400) : rng.int(401, 1200);
  const decisionDay =
    p.country === "nl" && !p.programme!.numerusFixus
      ? Math.floor(appliedAt / SECONDS_PER_DAY) + rng.int(7, 40)
      : viaReserve
        ? urval2!
        : urval1;
  app.decidedAt = decisionDay * SECONDS_PER_DAY + 28_800;
  if (!admitted) return app;

  app.admitted = choices[target]!;
  app.admittedAt = app.decidedAt;
  app.replyAt = (decisionDay + rng.int(1, 14)) * SECONDS_PER_DAY + rng.int(28_800, 79_200);
  app.reply = rng.chance(RATES.accept) ? "Tackat ja" : "Återbud";
  if (app.reply === "Tackat ja" && rng.chance(RATES.melt)) {
    app.melt = rng.chance(RATES.meltAfterRegistration) ? "early_leave" : "no_show";
  }
  return app;
}

function setMerit(rng: Rng, p: Person, app: ApplicationJourney): void {
  if (p.country === "nl") return;
  if (p.international) {
    app.selectionGroup = "Internationell";
    return;
  }
  const g = rng.weighted({ BI: 65, BII: 10, HP: 25 });
  app.selectionGroup = g;
  const value = g === "HP" ? clamp(0.95 + 0.35 * p.gradeZ + 0.2 * rng.normal(), 0.05, 2) : p.entryGrade!;
  app.merit = value.toFixed(2).replace(".", ",");
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
