/**
 * The planted truth, written beside (never into) the extracts: which person every source row belongs
 * to, each person's real path through the lifecycle, and the counts a correct pipeline must find.
 * Row-level files are streamed; only small aggregates are kept in memory.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CsvWriter } from "./writers/csv.ts";

const TRUTH_CSV = { encoding: "utf-8", delimiter: ",", eol: "\n", forPeople: true } as const;

export const PERSON_COLUMNS = [
  "person_id",
  "kind",
  "country",
  "international",
  "sex",
  "first_name",
  "last_name",
  "birth_date",
  "national_id",
  "national_id_kind",
  "national_id_from",
  "interim_id",
  "bsn",
  "email",
  "cycle",
  "intake",
  "programme",
  "school_code",
  "entry_grade",
  "ability",
  "crm_contact_ids",
  "inquired",
  "first_channel",
  "open_day_registered",
  "open_day_confirmed",
  "open_day_attended",
  "walk_in",
  "trial_lecture_attended",
  "applied",
  "evaluated",
  "admitted",
  "accepted",
  "enrolled",
  "melt",
  "first_year_credits_registered",
  "first_year_credits_passed",
  "left",
  "graduated",
  "alumni_registered",
  "over_mailed",
  "mailing_collisions",
] as const;

export type PersonRow = Record<(typeof PERSON_COLUMNS)[number], string | number | boolean | null>;

export class Truth {
  private readonly records: CsvWriter;
  private readonly persons: CsvWriter;
  private readonly overMailed: CsvWriter;
  private readonly collisions: CsvWriter;
  private readonly relations: CsvWriter;
  private readonly dirty = new Map<string, Map<string, number>>();
  private readonly stages = new Map<string, Map<string, number>>();
  private readonly schools = new Map<string, { n: number; credits: number }>();
  overMailedCount = 0;
  collisionCount = 0;

  constructor(readonly dir: string) {
    this.records = new CsvWriter(join(dir, "records.csv"), TRUTH_CSV);
    this.records.row(["file", "line", "kind", "record_key", "person_id", "dirt"]);
    this.persons = new CsvWriter(join(dir, "persons.csv"), TRUTH_CSV);
    this.persons.row([...PERSON_COLUMNS]);
    this.overMailed = new CsvWriter(join(dir, "over_mailed.csv"), TRUTH_CSV);
    this.overMailed.row(["person_id", "contact_id", "department", "first_sent_at", "messages_in_7_days"]);
    this.collisions = new CsvWriter(join(dir, "collisions.csv"), TRUTH_CSV);
    this.collisions.row([
      "person_id",
      "contact_id",
      "mailing_id_1",
      "department_1",
      "mailing_id_2",
      "department_2",
      "hours_apart",
    ]);
    this.relations = new CsvWriter(join(dir, "relations.csv"), TRUTH_CSV);
    this.relations.row(["person_id", "related_person_id", "relation"]);
  }

  record(
    kind: string,
    file: string,
    line: number,
    key: string,
    personId: string | null,
    dirt: string[],
  ): void {
    this.records.row([file, String(line), kind, key, personId ?? "", dirt.join("|")]);
    for (const tag of dirt) {
      bump(this.dirty, file, tag);
    }
  }

  person(row: PersonRow): void {
    this.persons.row(PERSON_COLUMNS.map((c) => cell(row[c])));
  }

  /** Counts a person reaching a lifecycle stage in a cohort (e.g. "HT2026"). */
  stage(cohort: string, stage: string): void {
    bump(this.stages, cohort, stage);
  }

  school(code: string, firstYearCredits: number): void {
    const s = this.schools.get(code) ?? { n: 0, credits: 0 };
    s.n++;
    s.credits += firstYearCredits;
    this.schools.set(code, s);
  }

  overMailedPerson(
    personId: string,
    contactId: string,
    department: string,
    firstSentAt: string,
    count: number,
  ): void {
    this.overMailedCount++;
    this.overMailed.row([personId, contactId, department, firstSentAt, String(count)]);
  }

  collision(
    personId: string,
    contactId: string,
    a: [string, string],
    b: [string, string],
    hours: number,
  ): void {
    this.collisionCount++;
    this.collisions.row([personId, contactId, a[0], a[1], b[0], b[1], hours.toFixed(2)]);
  }

  relation(personId: string, relatedId: string, relation: string): void {
    this.relations.row([personId, relatedId, relation]);
  }

  /** Closes the streams and writes summary.json from `extra` plus the aggregates gathered. */
  async finish(extra: {
    schools: {
      code: string;
      country: string;
      name: string;
      effect: number;
      gradeShift: number;
      small: boolean;
    }[];
    [key: string]: unknown;
  }): Promise<void> {
    for (const w of [this.records, this.persons, this.overMailed, this.collisions, this.relations])
      await w.close();
    const sorted = <V>(m: Map<string, V>): [string, V][] =>
      [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const summary = {
      ...extra,
      schools: extra.schools.map((s) => {
        const o = this.schools.get(s.code);
        return {
          ...s,
          enrolled: o?.n ?? 0,
          meanFirstYearCredits: o && o.n > 0 ? round(o.credits / o.n, 3) : null,
        };
      }),
      stagesByCohort: Object.fromEntries(
        sorted(this.stages).map(([k, m]) => [k, Object.fromEntries(sorted(m))]),
      ),
      mailings: {
        overMailedPersons: this.overMailedCount,
        collisions: this.collisionCount,
        lists: { overMailed: "over_mailed.csv", collisions: "collisions.csv" },
      },
      dirtyRows: Object.fromEntries(sorted(this.dirty).map(([k, m]) => [k, Object.fromEntries(sorted(m))])),
      files: {
        records: "records.csv",
        persons: "persons.csv",
        relations: "relations.csv",
      },
    };
    writeFileSync(join(this.dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  }
}

function bump(counts: Map<string, Map<string, number>>, outer: string, inner: string): void {
  let m = counts.get(outer);
  if (!m) {
    m = new Map();
    counts.set(outer, m);
  }
  m.set(inner, (m.get(inner) ?? 0) + 1);
}

function cell(v: string | number | boolean | null): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "1" : "0";
  return String(v);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
