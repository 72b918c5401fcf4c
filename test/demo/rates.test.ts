/**
 * The planted rates come back out of the generated files, read the way a loader would: person
 * identity across files comes from the truth's record map, everything else from the extracts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../demo/generate.ts";
import { RATES } from "../../demo/rates.ts";
import {
  type Extract,
  fileStartingWith,
  readExtract,
  readTruthRecords,
  type TruthRecord,
  withinSamplingError,
} from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "demo-rates-"));
const inbox = join(root, "inbox");
const truthDir = join(root, "truth");
const EXTRACT_DAY = "2026-10-01";
let truth: Map<string, TruthRecord>;
const files: Record<string, { path: string; extract: Extract }> = {};

function load(
  prefix: string,
  opts: { delimiter: string; encoding: "utf-8" | "windows-1252"; skip?: number },
) {
  const path = fileStartingWith(inbox, prefix);
  files[prefix] = { path, extract: readExtract(path, opts) };
}

/** Rows of an extract with the true person, leaving out rows a loader would reject. */
function rows(prefix: string) {
  const { path, extract } = files[prefix]!;
  const file = path.slice(inbox.length + 1);
  return extract.rows.flatMap((row) => {
    const rec = truth.get(`${file}:${row.line}`)!;
    if (rec.dirt.some((d) => d === "wrong_column_count" || d === "bad_date" || d === "duplicate_row"))
      return [];
    return [{ ...row, person: rec.person }];
  });
}

beforeAll(async () => {
  await generateDemo({ persons: 8000, seed: 5, country: "se", out: inbox, truthOut: truthDir });
  truth = readTruthRecords(truthDir);
  const crm = { delimiter: ",", encoding: "utf-8" } as const;
  const swedish = { delimiter: ";", encoding: "windows-1252" } as const;
  load("crm_form_submissions_", crm);
  load("crm_event_registrations_", crm);
  load("crm_event_sessions_", crm);
  load("crm_mailings_", crm);
  load("event_checkins_", { delimiter: ",", encoding: "utf-8" });
  load("nya_antagning_", swedish);
  load("ladok_registreringar_", { ...swedish, skip: 3 });
  load("ladok_avbrott_", { ...swedish, skip: 3 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("planted rates recovered from the files", () => {
  it("open-day no-show rate: confirmed registrants never checked in / confirmed registrants", () => {
    const past = new Set(
      rows("crm_event_sessions_")
        .filter((s) => s.get("EventType") === "open_day" && s.get("StartsAt") < EXTRACT_DAY)
        .map((s) => s.get("SessionId")),
    );
    const tickets = new Set(rows("event_checkins_").map((c) => c.get("Ticket")));
    const confirmed = rows("crm_event_registrations_").filter(
      (r) => r.get("Status") === "confirmed" && past.has(r.get("SessionId")),
    );
    const noShows = confirmed.filter((r) => !tickets.has(r.get("RegistrationId"))).length;
    expect(confirmed.length).toBeGreaterThan(500);
    expect(withinSamplingError(noShows, confirmed.length, RATES.openDay.noShow)).toBe(true);
  });

  it("application rate of inquirers who attended no event", () => {
    const inquiryTypes = new Set([
      "inquiry",
      "catalogue_order_person",
      "newsletter_signup",
      "project_interest",
    ]);
    const inquirers = new Set(
      rows("crm_form_submissions_")
        .filter((f) => inquiryTypes.has(f.get("FormType")))
        .map((f) => f.person),
    );
    const attended = new Set(rows("event_checkins_").map((c) => c.person));
    const applicants = new Set(rows("nya_antagning_").map((a) => a.person));
    const base = [...inquirers].filter((p) => !attended.has(p));
    const applied = base.filter((p) => applicants.has(p)).length;
    expect(base.length).toBeGreaterThan(2000);
    expect(withinSamplingError(applied, base.length, RATES.application.inquirerBase)).toBe(true);
  });

  /** Per applicant (SökandeId): evaluated, admitted, accepted, with the intake term. */
  function applicants() {
    const by = new Map<
      string,
      { person: string; evaluated: boolean; admitted: boolean; accepted: boolean; term: string }
    >();
    for (const r of rows("nya_antagning_")) {
      const a = by.get(r.get("SökandeId")) ?? {
        person: r.person,
        evaluated: false,
        admitted: false,
        accepted: false,
        term: r.get("Antagningsomgång").replace("-INT", ""),
      };
      if (r.get("Status") === "Anmäld" && r.get("Antagningsbesked") !== "") a.evaluated = true;
      if (r.get("Antagningsbesked") === "Antagen") a.admitted = true;
      if (r.get("Svar") === "Tackat ja") a.accepted = true;
      by.set(r.get("SökandeId"), a);
    }
    return [...by.values()];
  }

  it("admit rate: admitted / evaluated applicants", () => {
    const evaluated = applicants().filter((a) => a.evaluated);
    const admitted = evaluated.filter((a) => a.admitted).length;
    expect(evaluated.length).toBeGreaterThan(1500);
    expect(withinSamplingError(admitted, evaluated.length, RATES.admission.admit)).toBe(true);
  });

  it("acceptance yield: accepted offer / admitted", () => {
    const admitted = applicants().filter((a) => a.admitted);
    const accepted = admitted.filter((a) => a.accepted).length;
    expect(withinSamplingError(accepted, admitted.length, RATES.accept)).toBe(true);
  });

  it("melt: accepted but not registered in Ladok at census (no-show or tidigt avbrott)", () => {
    const registered = new Set(rows("ladok_registreringar_").map((r) => `${r.person}:${r.get("Termin")}`));
    const early = new Set(
      rows("ladok_avbrott_")
        .filter((r) => r.get("Avbrottstyp") === "Tidigt avbrott")
        .map((r) => r.person),
    );
    const accepted = applicants().filter((a) => a.accepted);
    const melted = accepted.filter(
      (a) => !registered.has(`${a.person}:${a.term}`) || early.has(a.person),
    ).length;
    expect(accepted.length).toBeGreaterThan(800);
    expect(withinSamplingError(melted, accepted.length, RATES.melt)).toBe(true);
  });

  it("over-mailed persons and cross-department collisions match the planted truth", () => {
    const summary = JSON.parse(readFileSync(join(truthDir, "summary.json"), "utf8"));
    const byContact = new Map<string, { at: number; department: string }[]>();
    const seen = new Set<string>();
    for (const m of rows("crm_mailings_")) {
      if (seen.has(m.get("MailingId"))) continue;
      seen.add(m.get("MailingId"));
      const list = byContact.get(m.get("ContactId")) ?? [];
      list.push({ at: Date.parse(`${m.get("SentAt").replace(" ", "T")}Z`), department: m.get("Department") });
      byContact.set(m.get("ContactId"), list);
    }
    const WEEK = 7 * 86_400_000;
    const H48 = 48 * 3_600_000;
    let overMailed = 0;
    let collisions = 0;
    for (const list of byContact.values()) {
      list.sort((a, b) => a.at - b.at);
      if (list.some((m, i) => i + 4 < list.length && list[i + 4]!.at - m.at < WEEK)) overMailed++;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length && list[j]!.at - list[i]!.at < H48; j++) {
          if (list[j]!.department !== list[i]!.department) collisions++;
        }
      }
    }
    const malformed = Object.entries(summary.dirtyRows as Record<string, Record<string, number>>)
      .filter(([file]) => file.startsWith("crm_mailings_"))
      .reduce((n, [, tags]) => n + (tags.bad_date ?? 0) + (tags.wrong_column_count ?? 0), 0);
    expect(summary.mailings.overMailedPersons).toBeGreaterThan(20);
    expect(Math.abs(overMailed - summary.mailings.overMailedPersons)).toBeLessThanOrEqual(malformed);
    expect(Math.abs(collisions - summary.mailings.collisions)).toBeLessThanOrEqual(malformed);
    expect(
      withinSamplingError(summary.mailings.overMailedPersons, byContact.size, RATES.mailings.overMailed, 5),
    ).toBe(true);
  });
});
