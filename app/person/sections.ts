import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Warehouse } from "../../warehouse/connection.ts";

/**
 * The sections of `slm person`, one query each (`<section>.sql` beside this file), all reading the TEMP table
 * person_records that `person_records.sql` fills for the person looked up. Every query reads pseudonymous
 * staging, identity and core tables: no clear-text name, e-mail or national ID reaches a section.
 */
const sql = (name: string) => readFileSync(new URL(`./${name}.sql`, import.meta.url), "utf8");

const text = z.string().nullable();
const date = z.string().nullable();
const count = z.number().int();

export const personSectionSchemas = {
  results: z.object({
    system: z.string(),
    term: text,
    courses_registered: count,
    credits_registered: z.number().nullable(),
    results: count,
    credits_passed: z.number(),
  }),
  degrees: z.object({
    system: z.string(),
    degree_code: text,
    degree_name: text,
    programme_code: text,
    awarded_on: date,
    credits: z.number().nullable(),
  }),
  study_breaks: z.object({
    programme_code: text,
    term: text,
    break_kind: text,
    break_type: text,
    break_date: date,
  }),
  school: z.object({ school_code: z.string(), school_name: text, school_source: text }),
  prior_education: z.object({
    system: z.string(),
    intake: text,
    prior_education: text,
    grade: z.number().nullable(),
    school_code: text,
  }),
  applications: z.object({
    system: z.string(),
    programme_code: z.string(),
    programme_name: text,
    intake: text,
    round: text,
    priority: count.nullable(),
    applied_on: date,
    eligible_on: date,
    offered_on: date,
    reserve_on: date,
    accepted_on: date,
    declined_on: date,
    withdrawn_on: date,
    enrolled_on: date,
    admitted: z.boolean(),
    accepted: z.boolean(),
  }),
  events: z.object({
    event_type: text,
    session_id: z.string(),
    title: text,
    programme_code: text,
    intake: text,
    starts_at: date,
    registered_at: date,
    status: text,
    cancelled_at: date,
    attended: z.boolean(),
    checked_in_at: date,
    walk_in: z.boolean(),
  }),
  family: z.object({ relative_is: text, related_person_id: text, recorded_at: date }),
  forms: z.object({
    form_type: text,
    submitted_at: date,
    channel: text,
    campaign: text,
    programme_code: text,
    application_system: text,
    application_programme: text,
    application_intake: text,
  }),
  mailings: z.object({
    department: text,
    mailings: count,
    bounced: count,
    campaigns: count,
    first_sent_at: date,
    last_sent_at: date,
  }),
  consents: z.object({
    purpose: text,
    legal_basis: text,
    source_form: text,
    given_at: date,
    withdrawn_at: date,
    expires_at: date,
    status: text,
    is_valid: z.boolean().nullable(),
  }),
  alumni: z.object({
    programme_code: text,
    degree_name: text,
    graduation_year: count.nullable(),
    employer: text,
    sector: text,
    job_title: text,
    joined_on: date,
  }),
  engagements: z.object({ engagement_type: text, case_mode: text, engaged_on: date, detail: text }),
  identity: z.object({
    record_id: z.string(),
    linked_record_id: z.string(),
    rule: z.string(),
    records_sharing: count,
  }),
} as const;

export type PersonSectionName = keyof typeof personSectionSchemas;
export type PersonSections = {
  [name in PersonSectionName]: z.infer<(typeof personSectionSchemas)[name]>[];
};

export const PERSON_SECTIONS = Object.keys(personSectionSchemas) as PersonSectionName[];

const QUERIES = Object.fromEntries(PERSON_SECTIONS.map((name) => [name, sql(name)])) as Record<
  PersonSectionName,
  string
>;
const PERSON_RECORDS = sql("person_records");

/** Fills the TEMP table person_records with the source records of one person; the sections read it. */
export async function selectPerson(warehouse: Warehouse, personId: string): Promise<void> {
  await warehouse.run(PERSON_RECORDS, [personId]);
}

/** One section of the person selected last, its rows checked against the section's shape. */
export async function personSection<N extends PersonSectionName>(
  warehouse: Warehouse,
  name: N,
): Promise<PersonSections[N]> {
  const rows = await warehouse.all(QUERIES[name]);
  return z.array(personSectionSchemas[name]).parse(rows) as PersonSections[N];
}

/** Every section of one person, in the order the view shows them. */
export async function personSections(warehouse: Warehouse, personId: string): Promise<PersonSections> {
  await selectPerson(warehouse, personId);
  try {
    const sections: Partial<PersonSections> = {};
    for (const name of PERSON_SECTIONS) {
      (sections as Record<string, unknown>)[name] = await personSection(warehouse, name);
    }
    return sections as PersonSections;
  } finally {
    // the person's record ids stay no longer than the lookup
    await warehouse.run("DROP TABLE IF EXISTS person_records");
  }
}
