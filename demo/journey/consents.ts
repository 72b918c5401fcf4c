/** Consents per purpose, with legal basis, source form, given / withdrawn / expiry dates and text version. */
import { day, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import type { Consent, Person } from "../person.ts";
import { RATES } from "../rates.ts";
import { momentOn } from "./prospect.ts";

/** Consent texts in force from a date; a consent records the version the person saw. */
const TEXT_VERSIONS: readonly [number, string][] = [
  [day(2010, 1, 1), "v2010-01"],
  [day(2018, 5, 25), "v2018-05"],
  [day(2022, 1, 10), "v2022-01"],
  [day(2024, 9, 2), "v2024-09"],
];
const MARKETING_VALIDITY_DAYS = 730;

function versionAt(at: number): string {
  const d = Math.floor(at / SECONDS_PER_DAY);
  let v = TEXT_VERSIONS[0]![1];
  for (const [from, name] of TEXT_VERSIONS) if (d >= from) v = name;
  return v;
}

export function consentJourney(ctx: Context, p: Person): void {
  const crm = p.crm;
  if (!crm) return;
  const rng = ctx.rng;
  const add = (c: Omit<Consent, "id" | "contactId" | "withdrawnAt" | "version">) => {
    const consent: Consent = {
      ...c,
      id: `K${String(ctx.next("consent")).padStart(8, "0")}`,
      contactId: crm.contactId,
      withdrawnAt: null,
      version: versionAt(c.givenAt),
    };
    const end = Math.min(c.expiresAt ?? Number.POSITIVE_INFINITY, ctx.extractDay * SECONDS_PER_DAY);
    if (end > c.givenAt + SECONDS_PER_DAY && rng.chance(RATES.consents.withdraw)) {
      consent.withdrawnAt = c.givenAt + Math.floor(rng.float() * (end - c.givenAt));
    }
    p.consents.push(consent);
  };
  const first = crm.forms.find((f) => f.type !== "alumni_signup" && f.type !== "catalogue_order_school");
  if (first && rng.chance(RATES.consents.marketing)) {
    add({
      purpose: "marketing",
      basis: "consent",
      sourceForm: first.type,
      sourceSubmission: first.id,
      givenAt: first.at,
      expiresAt: first.at + MARKETING_VALIDITY_DAYS * SECONDS_PER_DAY,
    });
  }
  for (const f of crm.forms) {
    if (f.type === "newsletter_signup") {
      add({
        purpose: "newsletter",
        basis: "consent",
        sourceForm: f.type,
        sourceSubmission: f.id,
        givenAt: f.at,
        expiresAt: null,
      });
    }
    if (f.type === "alumni_signup") {
      add({
        purpose: "alumni_relations",
        basis: "legitimate_interest",
        sourceForm: f.type,
        sourceSubmission: f.id,
        givenAt: f.at,
        expiresAt: null,
      });
    }
  }
  if (p.study && rng.chance(RATES.consents.research)) {
    add({
      purpose: "research",
      basis: "consent",
      sourceForm: "enrolment_survey",
      sourceSubmission: "",
      givenAt: momentOn(rng, p.study.startedAt + rng.int(0, 30)),
      expiresAt: null,
    });
  }
}

/** Whether a consent for `purpose` is in force at `at`. */
export function consentActive(p: Person, purpose: Consent["purpose"], at: number): boolean {
  return p.consents.some(
    (c) =>
      c.purpose === purpose &&
      c.givenAt <= at &&
      (c.withdrawnAt === null || at < c.withdrawnAt) &&
      (c.expiresAt === null || at < c.expiresAt),
  );
}
