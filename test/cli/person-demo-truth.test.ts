import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PersonView } from "../../app/person.ts";
import { parseCsv } from "../helpers/csv.ts";
import { slm, tempProject } from "../helpers/project.ts";

/**
 * `slm person` on the demo institution, against the planted truth: a person with every kind of record, and each
 * section compared with what the truth (persons.csv, records.csv, relations.csv) and the extract lines it names
 * say, read here from the files and never through the warehouse.
 *
 * The default demo (5 cycles) plants nobody who inquired, went to an open day, applied, enrolled, graduated,
 * engaged as an alumnus, has a family member and an arrival, housing or scholarship form: such a person
 * graduated long enough ago, so this demo runs 12 cycles (3,000 persons, seed 1, Sweden and the Netherlands).
 */
const DEMO = ["--persons", "3000", "--years", "12", "--seed", "1", "--country", "both"];

type Row = Record<string, string>;

/** One line's cells (a record of the extract on one physical line). */
const splitLine = (line: string, delimiter: string): string[] => parseCsv(line, delimiter)[0] ?? [""];

/** An extract as lines (1-based, as records.csv numbers them) and its header: the first line with 4+ columns. */
function extract(path: string) {
  // Latin-1 keeps every byte: the fields compared here (codes, dates, numbers) are ASCII in every encoding
  const lines = readFileSync(path, "latin1")
    .replace(/^\u00ef\u00bb\u00bf/, "")
    .split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.split(";").length >= 4 || line.split(",").length >= 4);
  const delimiter = lines[headerAt]!.split(";").length >= 4 ? ";" : ",";
  const header = splitLine(lines[headerAt]!, delimiter);
  const row = (lineNo: number): Row =>
    Object.fromEntries(splitLine(lines[lineNo - 1]!, delimiter).map((value, i) => [header[i]!, value]));
  const rows = lines
    .slice(headerAt + 1)
    .filter(Boolean)
    .map((_, i) => row(headerAt + 2 + i));
  return { row, rows };
}

function truthCsv(path: string): Row[] {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const columns = header!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [columns[i]!, v])));
}

const SOURCE_OF_KIND: Record<string, string> = {
  crm_contacts: "crm",
  crm_form_submissions: "crm",
  crm_event_registrations: "crm",
  crm_consents: "crm",
  crm_relations: "crm",
  crm_mailings: "crm",
  event_checkins: "checkin",
  nya_antagning: "nya",
  ladok_studenter: "ladok",
  ladok_registreringar: "ladok",
  ladok_resultat: "ladok",
  ladok_examen: "ladok",
  ladok_avbrott: "ladok",
  alumni_members: "alumni",
  alumni_engagements: "alumni",
  linkedin_connections: "linkedin",
  studielink_vti: "studielink",
  osiris_resultaten: "osiris",
  osiris_diplomas: "osiris",
};

const APPLICATION_FORMS = ["scholarship_application", "arrival_registration", "housing_interest"];
const num = (value: string) => Number(value.replace(",", "."));
const orNull = (value: string | undefined) => (value ? value : null);

describe("slm person on the demo institution, against the planted truth", () => {
  const project = tempProject("slm-person-");
  const inbox = join(project.dir, "data", "inbox");
  const truth = join(project.dir, "data", "truth");
  let person: Row;
  /** The person's extract rows by record kind (records.csv's kind), read from the files. */
  const mine = new Map<string, Row[]>();
  let view: PersonView;
  let text: string;
  let byPerson: Map<string, Row[]>;
  let rowOf: (r: Row) => Row;

  beforeAll(() => {
    for (const args of [["init"], ["demo", "generate", ...DEMO], ["ingest"], ["run"]]) {
      const result = slm(project.dir, args);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    }
    const records = truthCsv(join(truth, "records.csv"));
    byPerson = new Map<string, Row[]>();
    for (const r of records)
      if (r.person_id) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
    const files = new Map<string, ReturnType<typeof extract>>();
    rowOf = (r: Row) => {
      if (!files.has(r.file!)) files.set(r.file!, extract(join(inbox, r.file!)));
      return files.get(r.file!)!.row(Number(r.line));
    };
    const formTypes = (rows: Row[]) =>
      rows.filter((r) => r.kind === "crm_form_submissions").map((r) => rowOf(r).FormType);
    const needed = [
      "crm_form_submissions",
      "crm_event_registrations",
      "event_checkins",
      "nya_antagning",
      "ladok_registreringar",
      "ladok_resultat",
      "ladok_examen",
      "alumni_members",
      "alumni_engagements",
      "crm_relations",
      "crm_consents",
      "crm_mailings",
    ];
    const persons = truthCsv(join(truth, "persons.csv"));
    const candidate = persons.find((p) => {
      const kinds = new Set((byPerson.get(p.person_id!) ?? []).map((r) => r.kind));
      return (
        ["inquired", "open_day_attended", "applied", "enrolled", "graduated", "alumni_registered"].every(
          (c) => p[c] === "1",
        ) &&
        needed.every((k) => kinds.has(k)) &&
        formTypes(byPerson.get(p.person_id!)!).some((t) => APPLICATION_FORMS.includes(t!))
      );
    });
    expect(candidate, "a planted person with every kind of record").toBeDefined();
    person = candidate!;
    for (const r of byPerson.get(person.person_id!)!) {
      if (r.file!.endsWith(".xlsx")) mine.set(r.kind!, [...(mine.get(r.kind!) ?? []), {}]);
      else mine.set(r.kind!, [...(mine.get(r.kind!) ?? []), rowOf(r)]);
    }
    const found = slm(project.dir, ["person", person.email!, "--json"]);
    expect(found.code, found.stderr).toBe(0);
    const views = JSON.parse(found.stdout) as PersonView[];
    expect(views).toHaveLength(1);
    view = views[0]!;
    const shown = slm(project.dir, ["person", person.email!]);
    expect(shown.code, shown.stderr).toBe(0);
    text = shown.stdout;
  }, 600_000);
  afterAll(() => project.remove());

  const rows = (kind: string) => mine.get(kind) ?? [];

  it("finds the person's records in every source the truth gives them, linked by identity rules", () => {
    const sources = new Set([...mine.keys()].map((kind) => SOURCE_OF_KIND[kind]));
    expect(new Set(view.records.map((r) => r.source))).toEqual(sources);
    expect(view.records.filter((r) => r.source === "checkin")).toHaveLength(rows("event_checkins").length);
    const contacts = new Set(rows("crm_contacts").map((r) => r.ContactId));
    expect(view.records.filter((r) => r.source === "crm")).toHaveLength(contacts.size);
    // every record is the end of a link in use, and every link joins two of the person's records
    const ids = new Set(view.records.map((r) => r.record_id));
    const linked = new Set(view.identity.flatMap((l) => [l.record_id, l.linked_record_id]));
    expect(linked).toEqual(ids);
  });

  it("shows the route of application: every choice with its priority, the admitted and the accepted one", () => {
    const choices = rows("nya_antagning");
    const key = (c: { programme_code: string; intake: string | null; priority: number | null }) =>
      `${c.intake} ${c.programme_code} ${c.priority}`;
    expect(view.applications.map(key).sort()).toEqual(
      choices
        .map((c) => {
          // the first column, Antagningsomgång: its name's å is spelt as the file's encoding has it
          const intake = Object.values(c)[0]!;
          return key({ programme_code: c.Programkod!, intake, priority: num(c.Prioritet!) });
        })
        .sort(),
    );
    expect(view.applications.every((a) => a.system === "nya")).toBe(true);
    expect(view.applications.filter((a) => a.accepted).map((a) => [a.programme_code, a.intake])).toEqual([
      [person.programme, person.intake],
    ]);
    expect(
      view.applications
        .filter((a) => a.admitted)
        .map((a) => a.programme_code)
        .sort(),
    ).toEqual(
      choices
        .filter((c) => c.Antagningsbesked === "Antagen")
        .map((c) => c.Programkod)
        .sort(),
    );
  });

  it("shows prior education as the application states it, and the school of origin", () => {
    const groups = new Set(
      rows("nya_antagning")
        .map((c) => c.Urvalsgrupp)
        .filter(Boolean),
    );
    expect(new Set(view.prior_education.map((p) => p.prior_education))).toEqual(groups);
    expect(view.school?.school_code ?? null).toBe(orNull(person.school_code));
  });

  it("shows each open-day registration and check-in, attended or not", () => {
    const sessions = extract(
      join(inbox, readdirSync(inbox).find((f) => f.startsWith("crm_event_sessions"))!),
    );
    const typeOf = new Map(sessions.rows.map((s) => [s.SessionId, s.EventType]));
    const checkins = rows("event_checkins");
    const registrations = rows("crm_event_registrations");
    const expected = [
      ...registrations.map((g) => ({
        session_id: g.SessionId!,
        status: g.Status!,
        attended: checkins.some((k) => k.Ticket === g.RegistrationId),
      })),
      ...checkins
        .filter((k) => !registrations.some((g) => g.RegistrationId === k.Ticket))
        .map((k) => ({ session_id: k.SessionId!, status: null, attended: true })),
    ];
    const shown = [...view.open_days, ...view.other_events].map((e) => ({
      session_id: e.session_id,
      status: e.status,
      attended: e.attended,
    }));
    const order = (a: { session_id: string }, b: { session_id: string }) =>
      a.session_id.localeCompare(b.session_id);
    expect(shown.sort(order)).toEqual(expected.sort(order));
    for (const e of view.open_days) expect(["open_day", "trial_lecture"]).toContain(typeOf.get(e.session_id));
    for (const e of view.other_events)
      expect(["open_day", "trial_lecture"]).not.toContain(typeOf.get(e.session_id));
    expect(view.open_days.some((e) => e.event_type === "open_day" && e.attended)).toBe(
      person.open_day_attended === "1",
    );
  });

  it("shows every form, and each arrival, housing or scholarship form with the application it belongs to", () => {
    const forms = rows("crm_form_submissions");
    expect(view.forms.map((f) => `${f.submitted_at} ${f.form_type}`).sort()).toEqual(
      forms.map((f) => `${f.SubmittedAt} ${f.FormType}`).sort(),
    );
    const linked = view.forms.filter((f) => APPLICATION_FORMS.includes(f.form_type ?? ""));
    expect(linked.length).toBeGreaterThan(0);
    for (const f of linked) {
      expect([f.application_system, f.application_programme, f.application_intake]).toEqual([
        "nya",
        person.programme,
        person.intake,
      ]);
    }
    for (const f of view.forms.filter((f) => !APPLICATION_FORMS.includes(f.form_type ?? ""))) {
      expect(f.application_programme).toBeNull();
    }
  });

  it("shows results and credits per term exactly as the Ladok extracts hold them", () => {
    const terms = new Map<
      string,
      { courses: Set<string>; registered: number; results: number; passed: number }
    >();
    const at = (term: string) => {
      if (!terms.has(term)) terms.set(term, { courses: new Set(), registered: 0, results: 0, passed: 0 });
      return terms.get(term)!;
    };
    for (const g of rows("ladok_registreringar")) {
      at(g.Termin!).courses.add(g.Kurskod!);
      at(g.Termin!).registered += num(g["Omfattning hp"]!);
    }
    for (const s of rows("ladok_resultat")) {
      at(s.Termin!).results++;
      if (!["U", "F", "FX"].includes(s.Betyg!.toUpperCase())) at(s.Termin!).passed += num(s.Hp!);
    }
    const expected = [...terms].map(([term, t]) => ({
      system: "ladok",
      term,
      courses_registered: t.courses.size,
      credits_registered: t.courses.size > 0 ? t.registered : null,
      results: t.results,
      credits_passed: t.passed,
    }));
    const byTerm = (a: { term: string | null }, b: { term: string | null }) =>
      (a.term ?? "").localeCompare(b.term ?? "");
    expect([...view.results].sort(byTerm)).toEqual(expected.sort(byTerm));
    expect(view.results.reduce((sum, r) => sum + r.results, 0)).toBe(rows("ladok_resultat").length);
  });

  it("shows the degree, the alumni membership and every engagement", () => {
    expect(view.degrees.map((d) => [d.degree_code, d.programme_code, d.awarded_on, d.credits])).toEqual(
      rows("ladok_examen").map((d) => [d.Examenskod, d.Programkod, d.Examensdatum, num(d.Hp!)]),
    );
    expect(view.study_breaks).toHaveLength(rows("ladok_avbrott").length);
    expect(view.alumni).toHaveLength(rows("alumni_members").length);
    expect(view.alumni.map((a) => a.programme_code)).toEqual([person.programme]);
    expect(view.engagements.map((e) => [e.engagement_type, e.case_mode, e.engaged_on, e.detail])).toEqual([
      ...rows("alumni_engagements").map((e) => [e.Type, e.CaseMode, e.Date, orNull(e.Detail)]),
      ...rows("linkedin_connections").map(() => expect.arrayContaining(["linkedin_connection"])),
    ]);
  });

  it("names each family member at the institution by their own person id", () => {
    const relations = truthCsv(join(truth, "relations.csv")).filter(
      (r) => r.person_id === person.person_id || r.related_person_id === person.person_id,
    );
    expect(relations.length).toBeGreaterThan(0);
    const persons = new Map(truthCsv(join(truth, "persons.csv")).map((p) => [p.person_id, p]));
    const expected = relations.map((r) => {
      const relative = persons.get(r.person_id === person.person_id ? r.related_person_id : r.person_id)!;
      const looked = slm(project.dir, ["person", relative.email!, "--json"]);
      expect(looked.code, looked.stderr).toBe(0);
      const [relativeView] = JSON.parse(looked.stdout) as PersonView[];
      const role =
        r.person_id === person.person_id ? r.relation : r.relation === "parent" ? "child" : r.relation;
      // and the relative's own view names this person, the role turned round
      const back = r.person_id === person.person_id && r.relation === "parent" ? "child" : r.relation;
      expect(relativeView!.family.map((f) => [f.relative_is, f.related_person_id])).toContainEqual([
        back,
        view.person_id,
      ]);
      return { relative_is: role, related_person_id: relativeView!.person_id };
    });
    expect(
      view.family.map(({ relative_is, related_person_id }) => ({ relative_is, related_person_id })),
    ).toEqual(expected);
  });

  it("shows the mailings received by department and the consents with purpose and expiry", () => {
    const departments = new Map<string, { mailings: number; bounced: number; sent: string[] }>();
    for (const m of rows("crm_mailings")) {
      const d = departments.get(m.Department!) ?? { mailings: 0, bounced: 0, sent: [] };
      d.mailings++;
      if (m.Status!.trim() === "bounced") d.bounced++;
      d.sent.push(m.SentAt!);
      departments.set(m.Department!, d);
    }
    expect(
      view.mailings.map(({ department, mailings, bounced, first_sent_at, last_sent_at }) => ({
        department,
        mailings,
        bounced,
        first_sent_at,
        last_sent_at,
      })),
    ).toEqual(
      [...departments]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([department, d]) => ({
          department,
          mailings: d.mailings,
          bounced: d.bounced,
          first_sent_at: d.sent.sort()[0],
          last_sent_at: d.sent.sort().at(-1),
        })),
    );
    expect(view.consents.map((c) => [c.purpose, c.given_at, c.withdrawn_at, c.expires_at])).toEqual(
      rows("crm_consents").map((c) => [c.Purpose, c.GivenAt, orNull(c.WithdrawnAt), orNull(c.ExpiresAt)]),
    );
  });

  it("shows a Dutch graduate's Studielink route, Osiris results per academic year and diplomas", () => {
    const persons = truthCsv(join(truth, "persons.csv"));
    const dutch = persons.find((p) => {
      const kinds = new Set((byPerson.get(p.person_id!) ?? []).map((r) => r.kind));
      return (
        p.country === "nl" &&
        p.graduated === "1" &&
        ["studielink_vti", "osiris_resultaten", "osiris_diplomas"].every((k) => kinds.has(k))
      );
    });
    expect(dutch, "a planted Dutch graduate").toBeDefined();
    const theirs = (kind: string) =>
      byPerson
        .get(dutch!.person_id!)!
        .filter((r) => r.kind === kind)
        .map(rowOf);
    const looked = slm(project.dir, ["person", dutch!.email!, "--json"]);
    expect(looked.code, looked.stderr).toBe(0);
    const [nl] = JSON.parse(looked.stdout) as PersonView[];
    expect(new Set(nl!.applications.map((a) => `${a.system} ${a.programme_code}`))).toEqual(
      new Set(theirs("studielink_vti").map((v) => `studielink ${v.CROHO}`)),
    );
    expect(nl!.applications.filter((a) => a.enrolled_on !== null).map((a) => a.programme_code)).toEqual([
      dutch!.programme,
    ]);
    const years = new Map<string, { results: number; passed: number }>();
    for (const o of theirs("osiris_resultaten")) {
      const y = years.get(o.Collegejaar!) ?? { results: 0, passed: 0 };
      y.results++;
      if (num(o.Resultaat!) >= 5.5) y.passed += num(o.EC!);
      years.set(o.Collegejaar!, y);
    }
    expect(nl!.results).toEqual(
      [...years]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([term, y]) => ({
          system: "osiris",
          term,
          courses_registered: 0,
          credits_registered: null,
          results: y.results,
          credits_passed: y.passed,
        })),
    );
    const isoDate = (dmy: string) => dmy.split("-").reverse().join("-");
    expect(nl!.degrees.map((d) => [d.degree_name, d.programme_code, d.awarded_on, d.credits])).toEqual(
      theirs("osiris_diplomas").map((d) => [d.Examentype, d.CROHO, isoDate(d.Examendatum!), num(d.EC!)]),
    );
  });

  it("prints the same sections as text, under their headings, and no clear-text identifier anywhere", () => {
    const blocks = text.trim().split("\n\n");
    const counts = new Map(
      blocks.slice(1).map((block) => {
        const [heading, ...lines] = block.split("\n");
        return [heading!, lines[0] === "(none)" ? 0 : lines.length - 2];
      }),
    );
    expect(blocks[0]).toBe(`person ${view.person_id} (found by email)`);
    expect(Object.fromEntries(counts)).toEqual({
      Records: view.records.length,
      "Identity evidence (links between the records, by rule)": view.identity.length,
      Timeline: view.timeline.length,
      "Route of application": view.applications.length,
      "Prior education": view.prior_education.length,
      "School of origin": view.school ? 1 : 0,
      "Open days and trial lectures": view.open_days.length,
      "Other events": view.other_events.length,
      "Forms (scholarship, arrival and housing with the application they belong to)": view.forms.length,
      "Results and credits per term": view.results.length,
      Degrees: view.degrees.length,
      "Study breaks": view.study_breaks.length,
      Alumni: view.alumni.length,
      "Alumni engagements": view.engagements.length,
      "Family members at the institution": view.family.length,
      "Mailings received, by department": view.mailings.length,
      Consents: view.consents.length,
    });
    const id = person.national_id!;
    const identifiers = [
      person.email!,
      `${person.first_name} ${person.last_name}`,
      id,
      `${id.slice(2, 8)}-${id.slice(8)}`,
    ];
    for (const value of identifiers.filter((v) => v.length > 0)) {
      expect(text).not.toContain(value);
      expect(JSON.stringify(view)).not.toContain(value);
    }
  });
});
