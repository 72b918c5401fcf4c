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
  parseCsv,
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
  load("ladok_studenter_2026-10-01", { ...swedish, skip: 3 });
  load("ladok_resultat_", { ...swedish, skip: 3 });
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

  /** First-year credits per person from Ladok: passed results within a year of the first registration. */
  function firstYearCredits(): Map<string, number> {
    const started = new Map(
      rows("ladok_studenter_2026-10-01").map((r) => [r.person, r.get("Första registrering")]),
    );
    const credits = new Map<string, number>();
    for (const r of rows("ladok_resultat_")) {
      const start = started.get(r.person);
      if (!start || start > "2025-10-01") continue; // the first year must be complete
      const yearEnd = `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`;
      if (r.get("Examinationsdatum") >= yearEnd) continue;
      credits.set(r.person, (credits.get(r.person) ?? 0) + Number(r.get("Hp").replace(",", ".")));
    }
    for (const [person, start] of started)
      if (start <= "2025-10-01" && !credits.has(person)) credits.set(person, 0);
    return credits;
  }

  it("students from schools with a planted positive effect earn more first-year credits than those with a negative one", () => {
    const summary = JSON.parse(readFileSync(join(truthDir, "summary.json"), "utf8"));
    const effect = new Map<string, number>(
      summary.schools.map((s: { code: string; effect: number }) => [s.code, s.effect]),
    );
    const persons = parseCsv(readFileSync(join(truthDir, "persons.csv"), "utf8"), ",");
    const col = persons[0]!.indexOf("school_code");
    const schoolOf = new Map(persons.slice(1).map((r) => [r[0]!, r[col]!]));
    const sums = { up: [0, 0], down: [0, 0], zero: [0, 0] };
    for (const [person, credits] of firstYearCredits()) {
      const e = effect.get(schoolOf.get(person) ?? "");
      if (e === undefined) continue;
      const group = e > 0 ? sums.up : e < 0 ? sums.down : sums.zero;
      group[0]! += credits;
      group[1]!++;
    }
    const mean = (g: number[]) => g[0]! / g[1]!;
    expect(sums.up[1]).toBeGreaterThan(25);
    expect(sums.down[1]).toBeGreaterThan(25);
    expect(mean(sums.up)).toBeGreaterThan(mean(sums.zero));
    expect(mean(sums.zero)).toBeGreaterThan(mean(sums.down));
    expect(mean(sums.up) - mean(sums.down)).toBeGreaterThan(3);
  });

  it("entry grade (meritvärde, selection group BI) correlates with first-year credits", () => {
    const merit = new Map<string, number>();
    for (const r of rows("nya_antagning_")) {
      if (r.get("Urvalsgrupp") === "BI" && r.get("Meritvärde") !== "")
        merit.set(r.person, Number(r.get("Meritvärde").replace(",", ".")));
    }
    const pairs = [...firstYearCredits()]
      .filter(([p]) => merit.has(p))
      .map(([p, c]) => [merit.get(p)!, c] as const);
    const n = pairs.length;
    const mx = pairs.reduce((s, [x]) => s + x, 0) / n;
    const my = pairs.reduce((s, [, y]) => s + y, 0) / n;
    const cov = pairs.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
    const vx = pairs.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    const vy = pairs.reduce((s, [, y]) => s + (y - my) ** 2, 0);
    expect(n).toBeGreaterThan(300);
    expect(cov / Math.sqrt(vx * vy)).toBeGreaterThan(0.15);
  });
});

describe("planted rates recovered from the Dutch files", () => {
  const nlRoot = join(root, "nl");
  let vti: Extract;
  let nlTruth: Map<string, TruthRecord>;
  beforeAll(async () => {
    await generateDemo({
      persons: 5000,
      seed: 9,
      country: "nl",
      out: join(nlRoot, "inbox"),
      truthOut: join(nlRoot, "truth"),
    });
    vti = readExtract(fileStartingWith(join(nlRoot, "inbox"), "studielink_vti_"), {
      delimiter: ";",
      encoding: "utf-8",
    });
    nlTruth = readTruthRecords(join(nlRoot, "truth"));
  });

  it("admit rate and acceptance from Studielink decisions and payments", () => {
    const file =
      vti.rows.length > 0 ? fileStartingWith(join(nlRoot, "inbox"), "studielink_vti_").split("/").pop()! : "";
    const clean = vti.rows.filter((r) => {
      const dirt = nlTruth.get(`${file}:${r.line}`)!.dirt;
      return !dirt.includes("wrong_column_count") && !dirt.includes("duplicate_row");
    });
    const decided = clean.filter(
      (r) => r.get("Toelatingsbesluit") !== "" && r.get("Dossier compleet") === "J",
    );
    const admitted = decided.filter((r) => r.get("Toelatingsbesluit") === "toegelaten");
    const paid = admitted.filter((r) => r.get("Betaling") === "J");
    expect(decided.length).toBeGreaterThan(800);
    expect(withinSamplingError(admitted.length, decided.length, RATES.admission.admit)).toBe(true);
    const settled = admitted.filter(
      (r) => r.get("Betaling") === "J" || r.get("Status VTI") === "geannuleerd",
    );
    expect(withinSamplingError(paid.length, settled.length, RATES.accept)).toBe(true);
    const statuses = new Set(clean.map((r) => r.get("Status VTI")));
    expect([...statuses].sort()).toEqual(["aangemeld", "geannuleerd", "ingeschreven", "uitgeschreven"]);
  });
});
