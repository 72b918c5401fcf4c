/** Alumni: registration in the alumni database, employer, engagement in the four CASE modes, LinkedIn. */

import { day, SECONDS_PER_DAY, yearOf } from "../calendar.ts";
import type { Programme } from "../catalog/programmes.ts";
import type { Context } from "../context.ts";
import type { AlumniJourney, EngagementType, Person } from "../person.ts";
import { RATES } from "../rates.ts";
import { addForm, momentOn } from "./prospect.ts";

const EMPLOYERS: Record<"se" | "nl", readonly (readonly [string, string])[]> = {
  se: [
    ["Ericsson", "Telecom"],
    ["Volvo Cars", "Manufacturing"],
    ["Spotify", "Technology"],
    ["IKEA", "Retail"],
    ["Region Stockholm", "Healthcare"],
    ["Skatteverket", "Public sector"],
    ["H&M", "Retail"],
    ["Scania", "Manufacturing"],
    ["Klarna", "Finance"],
    ["SEB", "Finance"],
    ["Handelsbanken", "Finance"],
    ["Göteborgs Stad", "Public sector"],
    ["Västra Götalandsregionen", "Healthcare"],
    ["Capgemini Sverige", "Consulting"],
    ["Nordea", "Finance"],
    ["Sandvik", "Manufacturing"],
  ],
  nl: [
    ["Philips", "Technology"],
    ["ASML", "Manufacturing"],
    ["ING", "Finance"],
    ["Rabobank", "Finance"],
    ["Booking.com", "Technology"],
    ["Gemeente Amsterdam", "Public sector"],
    ["Ahold Delhaize", "Retail"],
    ["KPMG Nederland", "Consulting"],
    ["UMC Utrecht", "Healthcare"],
    ["Rijkswaterstaat", "Public sector"],
    ["Shell", "Energy"],
    ["Deloitte", "Consulting"],
    ["Coolblue", "Retail"],
    ["ABN AMRO", "Finance"],
  ],
};
const TITLES = [
  "Software Engineer",
  "Business Analyst",
  "Project Manager",
  "Controller",
  "Nurse",
  "Teacher",
  "Social Worker",
  "Consultant",
  "Data Scientist",
  "HR Business Partner",
  "Product Owner",
  "Researcher",
  "Account Manager",
  "Head of Marketing",
  "CEO",
];
const CASE_MODE: Record<EngagementType, string> = {
  event: "experiential",
  guest_lecture: "volunteer",
  mentoring: "volunteer",
  internship_offer: "volunteer",
  donation: "philanthropic",
  further_study: "experiential",
};

export { CASE_MODE };

/** Registers a graduate in the alumni database from `graduated` on; historic alumni always register. */
/**
 * Registers a graduate in the alumni database from `graduated` on. Historic alumni always register;
 * parents of students always have a CRM contact, so the family relation can be exported.
 */
export function alumniJourney(
  ctx: Context,
  p: Person,
  programme: Programme,
  graduated: number,
  opts: { always: boolean; forceCrm: boolean },
): AlumniJourney | null {
  const rng = ctx.rng;
  if (!opts.always && !rng.chance(RATES.alumni.register)) return null;
  const gradYear = yearOf(graduated);
  const latest = Math.max(graduated, ctx.extractDay - 1);
  // Graduates from before 2010 either registered long ago (the pre-2010 records) or recently.
  const joinedDay =
    gradYear < 2010
      ? rng.chance(0.5)
        ? rng.int(graduated, Math.max(graduated, day(2009, 12, 31)))
        : rng.int(day(2010, 1, 1), latest)
      : rng.int(graduated, Math.min(latest, graduated + 400));
  const joinedAt = momentOn(rng, joinedDay);
  // The CRM went live in 2010: older registrations live only in the alumni database.
  const crmGoLive = day(2010, 1, 1);
  const viaCrm = opts.forceCrm || (joinedDay >= crmGoLive && rng.chance(0.5));
  const alumni: AlumniJourney = {
    memberId: `AL${String(ctx.next("member")).padStart(6, "0")}`,
    joinedAt,
    viaCrm,
    graduationYear: gradYear,
    programme,
    employer: null,
    engagements: [],
    linkedin: null,
  };
  if (viaCrm) {
    const at = joinedDay >= crmGoLive ? joinedAt : momentOn(rng, rng.int(crmGoLive, latest));
    addForm(
      ctx,
      p,
      "alumni_signup",
      at,
      "web_form",
      rng.chance(0.5) ? "" : `alumni-${yearOf(Math.floor(at / SECONDS_PER_DAY))}`,
    );
  }
  if (rng.chance(RATES.alumni.employer)) {
    const [company, sector] = rng.pick(EMPLOYERS[p.country]);
    alumni.employer = { company, sector, title: rng.pick(TITLES) };
  }
  const from = Math.max(Math.floor(joinedAt / SECONDS_PER_DAY), day(ctx.firstCycle - 1, 1, 1));
  const a = RATES.alumni;
  const kinds: [EngagementType, number][] = [
    ["event", a.event],
    ["guest_lecture", a.guestLecture],
    ["mentoring", a.mentoring],
    ["internship_offer", a.internshipOffer],
    ["donation", a.donation],
  ];
  for (let y = from; y < ctx.extractDay; y += 365) {
    for (const [type, rate] of kinds) {
      if (!rng.chance(rate)) continue;
      const at = momentOn(rng, rng.int(y, Math.min(y + 364, ctx.extractDay - 1)));
      alumni.engagements.push({
        id: `E${String(ctx.next("engagement")).padStart(7, "0")}`,
        type,
        at,
        detail: detailFor(type, programme),
      });
    }
  }
  if (p.country === "se" && programme.credits !== 120 && rng.chance(RATES.studies.furtherStudy)) {
    const master = rng.pick(ctx.programmes("se").filter((q) => q.credits === 120));
    const at = momentOn(rng, Math.min(ctx.extractDay - 1, graduated + rng.int(30, 700)));
    if (master)
      alumni.engagements.push({
        id: `E${String(ctx.next("engagement")).padStart(7, "0")}`,
        type: "further_study",
        at,
        detail: master.code,
      });
  }
  alumni.engagements.sort((x, y) => x.at - y.at);
  if (rng.chance(RATES.alumni.linkedin)) {
    const earliest = Math.max(Math.floor(joinedAt / SECONDS_PER_DAY), day(2012, 1, 1));
    alumni.linkedin = {
      slug: `${slugify(p.first)}-${slugify(p.last)}-${rng.nextU32().toString(16).padStart(8, "0").slice(0, 7)}`,
      connectedAt: rng.int(Math.min(earliest, ctx.extractDay - 1), ctx.extractDay - 1),
      showsEmail: rng.chance(0.15),
    };
  }
  return alumni;
}

function detailFor(type: EngagementType, programme: Programme): string {
  switch (type) {
    case "event":
      return "Alumni reunion";
    case "guest_lecture":
      return `Guest lecture, ${programme.code}`;
    case "mentoring":
      return "Mentor for a first-year student";
    case "internship_offer":
      return "Internship offered";
    case "donation":
      return "Scholarship fund";
    case "further_study":
      return programme.code;
  }
}

function slugify(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
