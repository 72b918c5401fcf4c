import { afterEach, describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

/**
 * Two extracts that write one record's key in another case ("kand" in January, "KAND" in June) are two
 * versions of one record, not two records: staging outputs the key upper-cased, so choosing the newest
 * version on the raw text kept both and the model's own unique test failed the whole run.
 */
const cases = [
  {
    model: "stg_ladok__degrees",
    insert: `INSERT INTO raw.ladok__degrees (_file_id, _row, ladok_uid, degree_code, degree_name)
             VALUES (1, 1, 'U1', 'kand', 'old'), (2, 1, 'U1', 'KAND', 'new')`,
    newest: "SELECT degree_name AS v FROM staging.stg_ladok__degrees",
    expected: "new",
  },
  {
    model: "stg_ladok__registrations",
    insert: `INSERT INTO raw.ladok__registrations (_file_id, _row, ladok_uid, course_code, term, programme_code)
             VALUES (1, 1, 'U1', 'ma101', 'ht2025', 'OLD'), (2, 1, 'U1', 'MA101', 'HT2025', 'NEW')`,
    newest: "SELECT programme_code AS v FROM staging.stg_ladok__registrations",
    expected: "NEW",
  },
  {
    model: "stg_ladok__study_breaks",
    insert: `INSERT INTO raw.ladok__study_breaks (_file_id, _row, ladok_uid, programme_code, break_date, term)
             VALUES (1, 1, 'U1', 'prog', DATE '2026-02-01', 'VT2026'), (2, 1, 'U1', 'PROG', DATE '2026-02-01', 'HT2026')`,
    newest: "SELECT term AS v FROM staging.stg_ladok__study_breaks",
    expected: "HT2026",
  },
  {
    model: "stg_studielink__enrolment_requests",
    insert: `INSERT INTO raw.studielink__enrolment_requests (_file_id, _row, studielink_number, croho_code, academic_year, start_month, request_status)
             VALUES (1, 1, 'S1', '56604', 2026, 'september', 'ingediend'), (2, 1, 'S1', '56604', 2026, 'Sep', 'geaccepteerd')`,
    newest: "SELECT request_status AS v FROM staging.stg_studielink__enrolment_requests",
    expected: "geaccepteerd",
  },
] as const;

describe("staging keeps one version per record whatever case its key is written in", () => {
  let warehouse: Warehouse | undefined;
  afterEach(() => warehouse?.close());

  for (const { model, insert, newest, expected } of cases) {
    it(model, async () => {
      warehouse = await modelWarehouse();
      await warehouse.run(insert);
      const models = discoverModels().filter((m) => m.name === `staging.${model}`);
      expect(models).toHaveLength(1);
      await runModels(warehouse, undefined, models);
      expect(await warehouse.all<{ v: string }>(newest)).toEqual([
        { v: expect.stringMatching(/^(new|NEW|HT2026|geaccepteerd)$/i) },
      ]);
    });
  }
});
