import { describe, expect, it } from "vitest";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { runUpTo } from "./lifecycle-fixtures.ts";

describe("core.dim_person_school: one school of origin per person, by precedence of source", () => {
  const w = modelWarehouseFor("suite", async (w) => {
    await w.run(
      `INSERT INTO raw.crm__contacts (_file_id, _row, contact_id, first_name, last_name, email, school_code)
       VALUES (1, 1, 'C-XA', 'XA', 'Test', 'xa@example.org', 'a1'),
              (1, 2, 'C-XB', 'XB', 'Test', 'xb@example.org', 'Z'),
              (1, 3, 'C-XC', 'XC', 'Test', 'xc@example.org', 'OTHER'),
              (1, 4, 'C-XD', 'XD', 'Test', 'xd@example.org', NULL),
              (1, 5, 'C-XF', 'XF', 'Test', 'xf@example.org', ' ')`,
    );
    await w.run(
      `INSERT INTO raw.crm__form_submissions (_file_id, _row, submission_id, contact_id, form_type, submitted_at,
         first_name, last_name, email, school_code)
       VALUES
         -- XA: the contact record says A1; two own forms say B2, three school catalogue orders (a counsellor's) C3
         (1, 1, 'S1', 'C-XA', 'inquiry', TIMESTAMP '2025-10-01 10:00:00', 'XA', 'Test', 'xa@example.org', 'B2'),
         (1, 2, 'S2', 'C-XA', 'newsletter_signup', TIMESTAMP '2025-11-01 10:00:00', 'XA', 'Test', 'xa@example.org', 'B2'),
         (1, 3, 'S3', 'C-XA', 'catalogue_order_school', TIMESTAMP '2025-11-02 10:00:00', 'XA', 'Test', 'xa@example.org', 'C3'),
         (1, 4, 'S4', 'C-XA', 'catalogue_order_school', TIMESTAMP '2025-11-03 10:00:00', 'XA', 'Test', 'xa@example.org', 'C3'),
         (1, 5, 'S5', 'C-XA', 'catalogue_order_school', TIMESTAMP '2025-11-04 10:00:00', 'XA', 'Test', 'xa@example.org', 'C3'),
         (1, 6, 'S6', 'C-XB', 'inquiry', TIMESTAMP '2025-01-04 10:00:00', 'XB', 'Test', 'xb@example.org', 'Z'),
         -- XD: no school on the contact; forms say F2 twice and f1 twice (once with blanks): a tie, the lowest code
         (1, 7, 'S7', 'C-XD', 'inquiry', TIMESTAMP '2025-01-04 10:00:00', 'XD', 'Test', 'xd@example.org', 'F2'),
         (1, 8, 'S8', 'C-XD', 'inquiry', TIMESTAMP '2025-02-04 10:00:00', 'XD', 'Test', 'xd@example.org', 'F2'),
         (1, 9, 'S9', 'C-XD', 'inquiry', TIMESTAMP '2025-03-04 10:00:00', 'XD', 'Test', 'xd@example.org', 'f1'),
         (1, 10, 'S10', 'C-XD', 'inquiry', TIMESTAMP '2025-04-04 10:00:00', 'XD', 'Test', 'xd@example.org', ' F1 ')`,
    );
    // XB: the CRM says Z twice, the Studielink enrolment request BRIN 12ab, vestiging 00: the admissions record wins
    await w.run(
      `INSERT INTO raw.studielink__enrolment_requests (_file_id, _row, studielink_number, student_number, first_name,
         last_name, email, croho_code, academic_year, start_month, requested_on, request_status, school_brin, school_branch)
       VALUES (1, 1, '100000001', '1000001', 'XB', 'Test', 'xb@example.org', '56978', 2025, 'september',
               DATE '2025-03-01', 'ingeschreven', '12ab', '00')`,
    );
    // XC: NyA reports the school of the grades (lower case), the CRM contact (the same name and e-mail) another
    await w.run(
      `INSERT INTO raw.nya__applications (_file_id, _row, admission_round, application_code, programme_code,
         applicant_id, first_name, last_name, email, applied_on, school_code)
       VALUES (1, 1, 'HT2025', 'DEMO-1', 'SYSVK', 'A-XC', 'XC', 'Test', 'xc@example.org', DATE '2025-04-01', 'se-1'),
              -- XG: three choices of one applicant name SE-2 once; two other systems' attribute files name S02
              (1, 2, 'HT2025', 'DEMO-1', 'SYSVK', 'A-XG', 'XG', 'Test', 'xg@example.org', DATE '2025-04-01', 'SE-2'),
              (1, 3, 'HT2025', 'DEMO-2', 'DVK', 'A-XG', 'XG', 'Test', 'xg@example.org', DATE '2025-04-01', 'SE-2'),
              (1, 4, 'HT2025', 'DEMO-3', 'HIDAT', 'A-XG', 'XG', 'Test', 'xg@example.org', DATE '2025-04-01', 'SE-2')`,
    );
    // XE: only another system's person attributes name a school
    await w.run(
      `INSERT INTO raw.persons__attributes (_file_id, _row, system, person_id, first_name, last_name, email, school_code)
       VALUES (1, 1, 'nordic', 'A-XE', NULL, NULL, NULL, 's01'),
              (1, 2, 'nordic', 'A-XG', 'XG', 'Test', 'xg@example.org', 'S02'),
              (1, 3, 'other', 'B-XG', 'XG', 'Test', 'xg@example.org', 'S02')`,
    );
    await runUpTo(w, ["core.dim_person_school"]);
  });

  it("takes admissions, then the CRM contact, then the CRM forms; most often, then the lowest code; codes upper-cased", async () => {
    await w.run(
      `CREATE TEMP TABLE labels AS SELECT * FROM (VALUES
         (person_record_id('crm', 'C-XA'), 'XA'), (person_record_id('crm', 'C-XB'), 'XB'),
         (person_record_id('crm', 'C-XC'), 'XC'), (person_record_id('crm', 'C-XD'), 'XD'),
         (person_record_id('admissions', 'nordic:A-XE'), 'XE'), (person_record_id('crm', 'C-XF'), 'XF'),
         (person_record_id('nya', 'A-XG'), 'XG')
       ) AS l (record_id, label)`,
    );
    expect(
      await w.all(
        `SELECT l.label, d.school_code, d.school_source
           FROM core.dim_person_school AS d
           JOIN identity.person_registry AS r USING (person_id)
           JOIN labels AS l USING (record_id)
          ORDER BY l.label`,
      ),
    ).toEqual([
      { label: "XA", school_code: "A1", school_source: "crm_contact" },
      { label: "XB", school_code: "12AB00", school_source: "admissions" },
      { label: "XC", school_code: "SE-1", school_source: "admissions" },
      { label: "XD", school_code: "F1", school_source: "crm_form" },
      { label: "XE", school_code: "S01", school_source: "admissions" },
      { label: "XG", school_code: "S02", school_source: "admissions" },
    ]);
    // XF's blank school names none; every person has one row at most
    expect(await w.scalar<number>("SELECT count(*)::INTEGER FROM core.dim_person_school")).toBe(6);
  });
});
