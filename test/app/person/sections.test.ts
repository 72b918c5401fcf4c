import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PersonSectionName, personSection, selectPerson } from "../../../app/person/sections.ts";
import { Warehouse } from "../../../warehouse/connection.ts";

// Each section's query on hand-made rows: person 1 has records in every source, person 2 and 3 are relatives or
// bystanders whose rows must stay out. Only the columns the queries read are created.
const FIXTURE = `
CREATE SCHEMA IF NOT EXISTS identity; CREATE SCHEMA IF NOT EXISTS staging; CREATE SCHEMA IF NOT EXISTS core;
CREATE OR REPLACE TABLE identity.person_registry (record_id VARCHAR, person_id BIGINT);
INSERT INTO identity.person_registry VALUES
  ('crm:c1', 1), ('checkin:k1', 1), ('checkin:k2', 1), ('nya:a1', 1), ('ladok:l1', 1), ('osiris:o1', 1),
  ('alumni:m1', 1), ('linkedin:li1', 1), ('studielink:s1', 1), ('admissions:p1', 1),
  ('crm:c2', 2), ('ladok:l2', 2), ('nya:a2', 2), ('checkin:k4', 2), ('crm:c3', 3);
CREATE OR REPLACE TABLE identity.int_identity_links (record_id VARCHAR, linked_record_id VARCHAR, rule VARCHAR,
  rule_order INTEGER, rule_in_use BOOLEAN, records_sharing BIGINT);
INSERT INTO identity.int_identity_links VALUES
  ('nya:a1', 'crm:c1', 'name_email', 3, TRUE, 2),
  ('crm:c1', 'checkin:k1', 'system_id', 2, TRUE, 2),
  ('nya:a1', 'ladok:l1', 'national_id', 1, TRUE, 2),
  ('nya:a1', 'crm:c1', 'name', 9, FALSE, 4),
  ('ladok:l2', 'crm:c1', 'email', 4, TRUE, 2);

CREATE OR REPLACE TABLE staging.stg_ladok__registrations (student_key VARCHAR, course_code VARCHAR, term VARCHAR,
  credits DOUBLE, registered_on DATE);
INSERT INTO staging.stg_ladok__registrations VALUES
  ('l1', 'C1', 'HT2015', 7.5, '2015-09-01'), ('l1', 'C2', 'HT2015', 7.5, '2015-09-01'),
  ('l1', 'C3', 'VT2016', 15, '2016-01-20'), ('l1', 'C4', 'HT2016', 7.5, '2016-08-29'),
  ('l2', 'C1', 'HT2015', 7.5, '2015-09-01');
CREATE OR REPLACE TABLE staging.stg_ladok__results (student_key VARCHAR, term VARCHAR, credits DOUBLE, passed BOOLEAN,
  examined_on DATE);
INSERT INTO staging.stg_ladok__results VALUES
  ('l1', 'HT2015', 7.5, TRUE, '2016-01-10'), ('l1', 'HT2015', 7.5, FALSE, '2016-01-12'),
  ('l1', 'HT2015', 7.5, TRUE, '2016-03-01'), ('l2', 'HT2015', 7.5, TRUE, '2016-01-10');
CREATE OR REPLACE TABLE staging.stg_osiris__results (student_key VARCHAR, academic_year BIGINT, credits DOUBLE,
  passed BOOLEAN, result_on DATE);
INSERT INTO staging.stg_osiris__results VALUES ('o1', 2019, 6, TRUE, '2019-11-13'), ('o1', 2019, 6, FALSE, '2020-01-20');
CREATE OR REPLACE TABLE staging.stg_ladok__degrees (student_key VARCHAR, degree_code VARCHAR, degree_name VARCHAR,
  programme_code VARCHAR, degree_date DATE, credits DOUBLE);
INSERT INTO staging.stg_ladok__degrees VALUES
  ('l1', 'EKAND', 'Ekonomie kandidatexamen', 'EKOVK', '2018-09-06', 180),
  ('l2', 'FKAND', 'Filosofie kandidatexamen', 'BETVK', '2019-06-12', 180);
CREATE OR REPLACE TABLE staging.stg_osiris__diplomas (student_key VARCHAR, exam_type VARCHAR, programme_code VARCHAR,
  exam_date DATE, credits DOUBLE);
INSERT INTO staging.stg_osiris__diplomas VALUES ('o1', 'Propedeuse', '50950', '2020-08-08', 60);
CREATE OR REPLACE TABLE staging.stg_ladok__study_breaks (student_key VARCHAR, programme_code VARCHAR, term VARCHAR,
  break_kind VARCHAR, break_type VARCHAR, break_date DATE);
INSERT INTO staging.stg_ladok__study_breaks VALUES
  ('l1', 'EKOVK', 'VT2016', 'late', 'studieuppehåll', '2016-03-01'),
  ('l2', 'BETVK', 'HT2015', 'early', 'avbrott', '2015-09-10');

CREATE OR REPLACE TABLE core.dim_person_school (person_id BIGINT, school_code VARCHAR, school_source VARCHAR);
INSERT INTO core.dim_person_school VALUES (1, 'S1', 'nya'), (2, 'S2', 'crm');
CREATE OR REPLACE TABLE staging.stg_catalogue__schools (school_code VARCHAR, school_name VARCHAR);
INSERT INTO staging.stg_catalogue__schools VALUES ('S1', 'Katedralskolan'), ('S2', 'Other school');
CREATE OR REPLACE TABLE staging.stg_nya__applications (applicant_key VARCHAR, intake VARCHAR, selection_group VARCHAR,
  merit_value DOUBLE, school_code VARCHAR);
INSERT INTO staging.stg_nya__applications VALUES
  ('a1', 'HT2015', 'BI', 16.5, 'S1'), ('a1', 'HT2015', 'BI', 16.5, 'S1'), ('a1', 'HT2016', NULL, NULL, NULL),
  ('a2', 'HT2015', 'BII', 15, 'S2');
CREATE OR REPLACE TABLE staging.stg_studielink__enrolment_requests (studielink_key VARCHAR, intake VARCHAR,
  prior_education VARCHAR, secondary_final_grade DOUBLE, school_code VARCHAR);
INSERT INTO staging.stg_studielink__enrolment_requests VALUES ('s1', '2019-SEP', 'VWO', 7.2, '01AB');
CREATE OR REPLACE TABLE staging.stg_persons__attributes (person_key VARCHAR, system VARCHAR, prior_education VARCHAR,
  school_code VARCHAR);
INSERT INTO staging.stg_persons__attributes VALUES ('p1', 'nordic', 'upper secondary', 'FI-77');

CREATE OR REPLACE TABLE core.fct_admission_choices (system VARCHAR, person_id BIGINT, programme_code VARCHAR,
  programme_name VARCHAR, intake VARCHAR, round VARCHAR, priority BIGINT, applied_on DATE, eligible_on DATE,
  offered_on DATE, reserve_on DATE, accepted_on DATE, declined_on DATE, withdrawn_on DATE, enrolled_on DATE);
INSERT INTO core.fct_admission_choices VALUES
  ('nya', 1, 'SYSVK', 'Systemvetenskap', 'HT2015', 'urval 2', 1, '2015-03-25', '2015-07-10', NULL, '2015-07-10',
   NULL, NULL, NULL, NULL),
  ('nya', 1, 'EKOVK', 'Ekonomprogrammet', 'HT2015', 'urval 1', 2, '2015-03-25', '2015-07-10', '2015-07-10', NULL,
   '2015-07-16', NULL, NULL, '2015-09-21'),
  ('nya', 2, 'BETVK', NULL, 'HT2015', 'urval 1', 1, '2015-04-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE OR REPLACE TABLE staging.stg_crm__event_sessions (session_id VARCHAR, event_type VARCHAR, title VARCHAR,
  programme_code VARCHAR, intake VARCHAR, starts_at TIMESTAMP);
INSERT INTO staging.stg_crm__event_sessions VALUES
  ('OD1', 'open_day', 'Open day', NULL, 'HT2015', '2015-03-14 10:00'),
  ('TL1', 'trial_lecture', 'Trial lecture', 'EKOVK', 'HT2015', '2015-03-20 14:00'),
  ('IE1', 'info_evening', 'Info evening', 'EKOVK', 'HT2015', '2015-04-02 18:00'),
  ('OD2', 'open_day', 'Open day', NULL, 'HT2016', '2015-11-07 10:00');
CREATE OR REPLACE TABLE staging.stg_crm__event_registrations (registration_id VARCHAR, session_id VARCHAR,
  contact_key VARCHAR, registered_at TIMESTAMP, status VARCHAR, cancelled_at TIMESTAMP);
INSERT INTO staging.stg_crm__event_registrations VALUES
  ('r1', 'OD1', 'c1', '2015-03-03 13:00', 'confirmed', NULL),
  ('r2', 'TL1', 'c1', '2015-03-05 09:00', 'cancelled', '2015-03-10 08:00'),
  ('r3', 'IE1', 'c1', '2015-03-30 20:00', 'confirmed', NULL),
  ('r4', 'OD1', 'c2', '2015-03-04 10:00', 'confirmed', NULL);
CREATE OR REPLACE TABLE staging.stg_checkin__checkins (checkin_key VARCHAR, session_id VARCHAR, checked_in_at TIMESTAMP,
  registration_id VARCHAR, walk_in BOOLEAN);
INSERT INTO staging.stg_checkin__checkins VALUES
  ('k1', 'OD1', '2015-03-14 10:40', 'r1', FALSE),
  ('k9', 'IE1', '2015-04-02 18:05', 'r3', FALSE),
  ('k2', 'OD2', '2015-11-07 11:00', NULL, TRUE),
  ('k4', 'OD1', '2015-03-14 10:50', 'r4', FALSE);

CREATE OR REPLACE TABLE staging.stg_crm__relations (contact_key VARCHAR, related_contact_key VARCHAR, relation_type VARCHAR,
  created_at TIMESTAMP);
INSERT INTO staging.stg_crm__relations VALUES
  ('c1', 'c2', 'parent', '2023-06-27 09:15'), ('c3', 'c1', 'sibling', '2024-01-02 10:00'),
  ('c1', 'c6', 'parent', '2024-02-01 10:00'), ('c2', 'c3', 'parent', '2024-03-01 10:00');
CREATE OR REPLACE TABLE staging.stg_crm__form_submissions (submission_id VARCHAR, contact_key VARCHAR, form_type VARCHAR,
  submitted_at TIMESTAMP, channel VARCHAR, campaign VARCHAR, programme_code VARCHAR);
INSERT INTO staging.stg_crm__form_submissions VALUES
  ('f1', 'c1', 'inquiry', '2015-02-01 12:00', 'web_form', 'ht2015', 'EKOVK'),
  ('f2', 'c1', 'scholarship_application', '2015-02-20 12:00', 'web_form', NULL, 'EKOVK'),
  ('f3', 'c1', 'arrival_registration', '2015-07-28 19:00', 'web_form', NULL, NULL),
  ('f4', 'c1', 'housing_interest', '2017-01-01 12:00', 'web_form', NULL, NULL),
  ('f5', 'c2', 'housing_interest', '2015-07-29 12:00', 'web_form', NULL, NULL);

CREATE OR REPLACE TABLE core.fct_mailings (person_id BIGINT, department VARCHAR, campaign VARCHAR, sent_at TIMESTAMP,
  bounced BOOLEAN);
INSERT INTO core.fct_mailings VALUES
  (1, 'Marketing', 'm-1', '2015-03-01 10:00', FALSE), (1, 'Marketing', 'm-1', '2015-03-08 10:00', TRUE),
  (1, 'Alumni Relations', 'a-1', '2019-09-01 10:00', FALSE), (2, 'Marketing', 'm-1', '2015-03-01 10:00', FALSE);
CREATE OR REPLACE TABLE core.fct_consents (consent_id VARCHAR, person_id BIGINT, purpose VARCHAR, legal_basis VARCHAR,
  source_form VARCHAR, given_at TIMESTAMP, withdrawn_at TIMESTAMP, expires_at TIMESTAMP, status VARCHAR,
  is_valid BOOLEAN);
INSERT INTO core.fct_consents VALUES
  ('K1', 1, 'marketing', 'consent', 'inquiry', '2015-02-01 12:00', '2015-06-01 08:00', '2017-02-01 12:00',
   'withdrawn', FALSE),
  ('K2', 1, 'alumni_relations', 'legitimate_interest', 'alumni_signup', '2019-08-04 21:31', NULL, NULL, 'valid', TRUE),
  ('K3', 2, 'marketing', 'consent', 'inquiry', '2015-03-01 12:00', NULL, NULL, 'valid', TRUE);

CREATE OR REPLACE TABLE staging.stg_alumni__members (member_key VARCHAR, programme_code VARCHAR, degree_name VARCHAR,
  graduation_year BIGINT, employer VARCHAR, sector VARCHAR, job_title VARCHAR, joined_on DATE);
INSERT INTO staging.stg_alumni__members VALUES
  ('m1', 'EKOVK', 'Ekonomie kandidatexamen', 2018, 'SEB', 'Finance', 'Analyst', '2019-08-04'),
  ('m2', 'BETVK', NULL, 2019, NULL, NULL, NULL, '2020-01-01');
CREATE OR REPLACE TABLE staging.stg_alumni__engagements (member_key VARCHAR, engagement_type VARCHAR, case_mode VARCHAR,
  engaged_on DATE, detail VARCHAR);
INSERT INTO staging.stg_alumni__engagements VALUES
  ('m1', 'guest_lecture', 'volunteer', '2022-02-05', 'Guest lecture'),
  ('m1', 'mentoring', 'volunteer', '2020-08-12', NULL), ('m2', 'donation', 'philanthropic', '2021-01-01', NULL);
CREATE OR REPLACE TABLE staging.stg_linkedin__connections (connection_key VARCHAR, company VARCHAR, position VARCHAR,
  connected_on DATE);
INSERT INTO staging.stg_linkedin__connections VALUES ('li1', 'SEB', 'Analyst', '2021-05-05'), ('li2', 'ABB', NULL, '2021-01-01');
`;

const EXPECTED: Record<PersonSectionName, Record<string, unknown>[]> = {
  // in the order the terms began (HT2016 after VT2016, which the alphabet would not give); a failed result
  // counts as a result and not as credits passed
  results: [
    {
      system: "ladok",
      term: "HT2015",
      courses_registered: 2,
      credits_registered: 15,
      results: 3,
      credits_passed: 15,
    },
    {
      system: "ladok",
      term: "VT2016",
      courses_registered: 1,
      credits_registered: 15,
      results: 0,
      credits_passed: 0,
    },
    {
      system: "ladok",
      term: "HT2016",
      courses_registered: 1,
      credits_registered: 7.5,
      results: 0,
      credits_passed: 0,
    },
    {
      system: "osiris",
      term: "2019",
      courses_registered: 0,
      credits_registered: null,
      results: 2,
      credits_passed: 6,
    },
  ],
  degrees: [
    {
      system: "ladok",
      degree_code: "EKAND",
      degree_name: "Ekonomie kandidatexamen",
      programme_code: "EKOVK",
      awarded_on: "2018-09-06",
      credits: 180,
    },
    {
      system: "osiris",
      degree_code: null,
      degree_name: "Propedeuse",
      programme_code: "50950",
      awarded_on: "2020-08-08",
      credits: 60,
    },
  ],
  study_breaks: [
    {
      programme_code: "EKOVK",
      term: "VT2016",
      break_kind: "late",
      break_type: "studieuppehåll",
      break_date: "2016-03-01",
    },
  ],
  school: [{ school_code: "S1", school_name: "Katedralskolan", school_source: "nya" }],
  // a statement repeated on every choice is one row; an application stating nothing is none
  prior_education: [
    { system: "nordic", intake: null, prior_education: "upper secondary", grade: null, school_code: "FI-77" },
    { system: "nya", intake: "HT2015", prior_education: "BI", grade: 16.5, school_code: "S1" },
    { system: "studielink", intake: "2019-SEP", prior_education: "VWO", grade: 7.2, school_code: "01AB" },
  ],
  applications: [
    {
      system: "nya",
      programme_code: "SYSVK",
      programme_name: "Systemvetenskap",
      intake: "HT2015",
      round: "urval 2",
      priority: 1,
      applied_on: "2015-03-25",
      eligible_on: "2015-07-10",
      offered_on: null,
      reserve_on: "2015-07-10",
      accepted_on: null,
      declined_on: null,
      withdrawn_on: null,
      enrolled_on: null,
      admitted: false,
      accepted: false,
    },
    {
      system: "nya",
      programme_code: "EKOVK",
      programme_name: "Ekonomprogrammet",
      intake: "HT2015",
      round: "urval 1",
      priority: 2,
      applied_on: "2015-03-25",
      eligible_on: "2015-07-10",
      offered_on: "2015-07-10",
      reserve_on: null,
      accepted_on: "2015-07-16",
      declined_on: null,
      withdrawn_on: null,
      enrolled_on: "2015-09-21",
      admitted: true,
      accepted: true,
    },
  ],
  // the info evening's check-in is no record of the person, but its ticket is their registration; the walk-in
  // has no registration; the relative's registration and check-in at the same open day stay out
  events: [
    {
      event_type: "open_day",
      session_id: "OD1",
      title: "Open day",
      programme_code: null,
      intake: "HT2015",
      starts_at: "2015-03-14 10:00:00",
      registered_at: "2015-03-03 13:00:00",
      status: "confirmed",
      cancelled_at: null,
      attended: true,
      checked_in_at: "2015-03-14 10:40:00",
      walk_in: false,
    },
    {
      event_type: "trial_lecture",
      session_id: "TL1",
      title: "Trial lecture",
      programme_code: "EKOVK",
      intake: "HT2015",
      starts_at: "2015-03-20 14:00:00",
      registered_at: "2015-03-05 09:00:00",
      status: "cancelled",
      cancelled_at: "2015-03-10 08:00:00",
      attended: false,
      checked_in_at: null,
      walk_in: false,
    },
    {
      event_type: "info_evening",
      session_id: "IE1",
      title: "Info evening",
      programme_code: "EKOVK",
      intake: "HT2015",
      starts_at: "2015-04-02 18:00:00",
      registered_at: "2015-03-30 20:00:00",
      status: "confirmed",
      cancelled_at: null,
      attended: true,
      checked_in_at: "2015-04-02 18:05:00",
      walk_in: false,
    },
    {
      event_type: "open_day",
      session_id: "OD2",
      title: "Open day",
      programme_code: null,
      intake: "HT2016",
      starts_at: "2015-11-07 10:00:00",
      registered_at: null,
      status: null,
      cancelled_at: null,
      attended: true,
      checked_in_at: "2015-11-07 11:00:00",
      walk_in: true,
    },
  ],
  // recorded from the relative's contact the role turns round only where it is not symmetric
  family: [
    { relative_is: "parent", related_person_id: "2", recorded_at: "2023-06-27 09:15:00" },
    { relative_is: "sibling", related_person_id: "3", recorded_at: "2024-01-02 10:00:00" },
    { relative_is: "parent", related_person_id: null, recorded_at: "2024-02-01 10:00:00" },
  ],
  // the scholarship goes with its programme's choice, not the first priority; the arrival with the accepted
  // choice; the housing interest two years later with none
  forms: [
    {
      form_type: "inquiry",
      submitted_at: "2015-02-01 12:00:00",
      channel: "web_form",
      campaign: "ht2015",
      programme_code: "EKOVK",
      application_system: null,
      application_programme: null,
      application_intake: null,
    },
    {
      form_type: "scholarship_application",
      submitted_at: "2015-02-20 12:00:00",
      channel: "web_form",
      campaign: null,
      programme_code: "EKOVK",
      application_system: "nya",
      application_programme: "EKOVK",
      application_intake: "HT2015",
    },
    {
      form_type: "arrival_registration",
      submitted_at: "2015-07-28 19:00:00",
      channel: "web_form",
      campaign: null,
      programme_code: null,
      application_system: "nya",
      application_programme: "EKOVK",
      application_intake: "HT2015",
    },
    {
      form_type: "housing_interest",
      submitted_at: "2017-01-01 12:00:00",
      channel: "web_form",
      campaign: null,
      programme_code: null,
      application_system: null,
      application_programme: null,
      application_intake: null,
    },
  ],
  mailings: [
    {
      department: "Alumni Relations",
      mailings: 1,
      bounced: 0,
      campaigns: 1,
      first_sent_at: "2019-09-01 10:00:00",
      last_sent_at: "2019-09-01 10:00:00",
    },
    {
      department: "Marketing",
      mailings: 2,
      bounced: 1,
      campaigns: 1,
      first_sent_at: "2015-03-01 10:00:00",
      last_sent_at: "2015-03-08 10:00:00",
    },
  ],
  consents: [
    {
      purpose: "marketing",
      legal_basis: "consent",
      source_form: "inquiry",
      given_at: "2015-02-01 12:00:00",
      withdrawn_at: "2015-06-01 08:00:00",
      expires_at: "2017-02-01 12:00:00",
      status: "withdrawn",
      is_valid: false,
    },
    {
      purpose: "alumni_relations",
      legal_basis: "legitimate_interest",
      source_form: "alumni_signup",
      given_at: "2019-08-04 21:31:00",
      withdrawn_at: null,
      expires_at: null,
      status: "valid",
      is_valid: true,
    },
  ],
  alumni: [
    {
      programme_code: "EKOVK",
      degree_name: "Ekonomie kandidatexamen",
      graduation_year: 2018,
      employer: "SEB",
      sector: "Finance",
      job_title: "Analyst",
      joined_on: "2019-08-04",
    },
  ],
  engagements: [
    { engagement_type: "mentoring", case_mode: "volunteer", engaged_on: "2020-08-12", detail: null },
    {
      engagement_type: "linkedin_connection",
      case_mode: "communication",
      engaged_on: "2021-05-05",
      detail: "Analyst at SEB",
    },
    {
      engagement_type: "guest_lecture",
      case_mode: "volunteer",
      engaged_on: "2022-02-05",
      detail: "Guest lecture",
    },
  ],
  // by rule order; a rule not in use and a link to another person's record are no evidence
  identity: [
    { record_id: "ladok:l1", linked_record_id: "nya:a1", rule: "national_id", records_sharing: 2 },
    { record_id: "checkin:k1", linked_record_id: "crm:c1", rule: "system_id", records_sharing: 2 },
    { record_id: "crm:c1", linked_record_id: "nya:a1", rule: "name_email", records_sharing: 2 },
  ],
};

describe("slm person's sections, each on literal rows", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await Warehouse.open(":memory:");
    for (const statement of FIXTURE.split(";\n")) if (statement.trim()) await w.run(statement);
    await selectPerson(w, "1");
  });
  afterAll(() => w?.close());

  it.each(Object.keys(EXPECTED) as PersonSectionName[])("%s gives exactly person 1's rows", async (name) => {
    expect(await personSection(w, name)).toEqual(EXPECTED[name]);
  });

  it("turns a parent relation round for the parent, and gives a person without records in a source no rows", async () => {
    await selectPerson(w, "3");
    expect(await personSection(w, "results")).toEqual([]);
    expect(await personSection(w, "family")).toEqual([
      { relative_is: "sibling", related_person_id: "1", recorded_at: "2024-01-02 10:00:00" },
      { relative_is: "child", related_person_id: "2", recorded_at: "2024-03-01 10:00:00" },
    ]);
    await selectPerson(w, "1");
  });
});
