import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { runUpTo } from "./lifecycle-fixtures.ts";

describe("core.dim_person_school: one school of origin per person", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await modelWarehouse();
    // XA: the contact names A, two forms name B, three school catalogue orders name C (the counsellor's orders)
    await w.run(
      `INSERT INTO raw.crm__contacts (_file_id, _row, contact_id, first_name, last_name, email, school_code)
       VALUES (1, 1, 'C-XA', 'XA', 'Test', 'xa@example.org', 'A'),
              (1, 2, 'C-XB', 'XB', 'Test', 'xb@example.org', 'Z')`,
    );
    await w.run(
      `INSERT INTO raw.crm__form_submissions (_file_id, _row, submission_id, contact_id, form_type, submitted_at,
         first_name, last_name, email, school_code)
       VALUES (1, 1, 'S1', 'C-XA', 'inquiry', TIMESTAMP '2025-10-01 10:00:00', 'XA', 'Test', 'xa@example.org', 'B'),
              (1, 2, 'S2', 'C-XA', 'newsletter_signup', TIMESTAMP '2025-11-01 10:00:00', 'XA', 'Test', 'xa@example.org', 'B'),
              (1, 3, 'S3', 'C-XA', 'catalogue_order_school', TIMESTAMP '2025-11-02 10:00:00', 'XA', 'Test', 'xa@example.org', 'C'),
              (1, 4, 'S4', 'C-XA', 'catalogue_order_school', TIMESTAMP '2025-11-03 10:00:00', 'XA', 'Test', 'xa@example.org', 'C'),
              (1, 5, 'S5', 'C-XA', 'catalogue_order_school', TIMESTAMP '2025-11-04 10:00:00', 'XA', 'Test', 'xa@example.org', 'C'),
              (1, 6, 'S6', 'C-XB', 'inquiry', TIMESTAMP '2025-01-04 10:00:00', 'XB', 'Test', 'xb@example.org', 'Z')`,
    );
    // XB: the CRM says Z twice (contact and form), the Studielink enrolment request says BRIN 12AB, vestiging 00: the admissions record wins
    await w.run(
      `INSERT INTO raw.studielink__enrolment_requests (_file_id, _row, studielink_number, student_number, first_name,
         last_name, email, croho_code, academic_year, start_month, requested_on, request_status, school_brin, school_branch)
       VALUES (1, 1, '100000001', '1000001', 'XB', 'Test', 'xb@example.org', '56978', 2025, 'september',
               DATE '2025-03-01', 'ingeschreven', '12AB', '00')`,
    );
    await runUpTo(w, ["core.dim_person_school"]);
  });
  afterAll(() => w?.close());

  it("prefers the admissions record, then the school named most often; school catalogue orders do not count", async () => {
    expect(await w.all("SELECT school_code FROM core.dim_person_school ORDER BY school_code")).toEqual([
      { school_code: "12AB00" },
      { school_code: "B" },
    ]);
  });
});
