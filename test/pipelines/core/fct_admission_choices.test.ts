import { describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { runUpTo } from "./lifecycle-fixtures.ts";

/**
 * The country-neutral admissions model on literal rows: steps from flags, status codes and dates, dated by
 * the calendar where the export gives no date. The calendar is set here as literal rows, so the test checks
 * the model, not the configuration's expansion.
 */
let row = 0;

async function calendar(w: Warehouse) {
  await w.run(`CREATE OR REPLACE TEMP TABLE slm_calendar AS SELECT * FROM (VALUES
      ('2024-AUTUMN', 'nordic', 'FI', DATE '2024-03-27', NULL, DATE '2024-08-26', DATE '2024-09-20', DATE '2024-07-31')
    ) AS c(intake, system, country, deadline, previous_intake, start_on, census_on, reply_by)`);
  await w.run(`CREATE OR REPLACE TEMP TABLE slm_calendar_rounds AS SELECT * FROM (VALUES
      ('2024-AUTUMN', 'Main', DATE '2024-06-28'), ('2024-AUTUMN', 'Supplementary', DATE '2024-08-02')
    ) AS r(intake, round, selection_on)`);
}

interface Choice {
  person: string;
  id?: string;
  round?: string | null;
  programme?: string;
  submitted?: string | null;
  status?: string | null;
  eligible?: boolean | null;
  eligibleOn?: string | null;
  offered?: boolean | null;
  offeredOn?: string | null;
  accepted?: boolean | null;
  acceptedOn?: string | null;
  declined?: boolean | null;
  enrolled?: boolean | null;
  intake?: string;
}

async function choice(w: Warehouse, c: Choice) {
  await w.run(
    `INSERT INTO raw.admissions__choices (_file_id, _row, system, application_id, person_id, programme_code, intake,
       round, submitted_at, status, eligible, eligible_on, offered, offered_on, accepted, accepted_on, declined,
       enrolled)
     VALUES (1, $1, 'nordic', $2, $3, $4, $5, $6, $7::TIMESTAMP, $8, $9, $10::DATE, $11, $12::DATE, $13, $14::DATE,
       $15, $16)`,
    [
      ++row,
      c.id ?? `AP${row}`,
      c.person,
      c.programme ?? "P1",
      c.intake ?? "2024-AUTUMN",
      c.round === undefined ? "Main" : c.round,
      c.submitted === undefined ? "2024-03-14 09:12:33" : c.submitted,
      c.status ?? null,
      c.eligible ?? null,
      c.eligibleOn ?? null,
      c.offered ?? null,
      c.offeredOn ?? null,
      c.accepted ?? null,
      c.acceptedOn ?? null,
      c.declined ?? null,
      c.enrolled ?? null,
    ],
  );
}

const steps = (w: Warehouse) =>
  w.all(
    `SELECT choice_key, round, institution_code, applied_on::VARCHAR AS applied, eligible_on::VARCHAR AS eligible,
            offered_on::VARCHAR AS offered, accepted_on::VARCHAR AS accepted, declined_on::VARCHAR AS declined,
            enrolled_on::VARCHAR AS enrolled, country
       FROM core.fct_admission_choices ORDER BY choice_key`,
  );

describe("core.fct_admission_choices", () => {
  const w = modelWarehouseFor("test", async (w) => {
    await calendar(w);
  });

  it("dates each step by its own date, else the calendar's, and lets a later step imply the earlier ones", async () => {
    // flags with their dates
    await choice(w, {
      person: "A1",
      id: "1",
      eligible: true,
      eligibleOn: "2024-06-05",
      offered: true,
      offeredOn: "2024-07-12",
      accepted: true,
      acceptedOn: "2024-07-26",
    });
    // flags without dates: the round's selection date; the reply deadline, or the offer when that came later
    await choice(w, {
      person: "A2",
      id: "2",
      round: "Supplementary",
      eligible: true,
      offered: true,
      accepted: true,
    });
    // an offer with the eligibility flag false: still eligible (an offer implies it), dated by the selection
    await choice(w, { person: "A3", id: "3", eligible: false, offered: true });
    // eligible, not offered; and ineligible
    await choice(w, { person: "A4", id: "4", eligible: true });
    await choice(w, { person: "A5", id: "5", eligible: false });
    // status codes instead of flags: enrolled implies accepted, offered and eligible; dated by the census
    await choice(w, { person: "A6", id: "6", status: "enrolled" });
    await choice(w, { person: "A7", id: "7", status: "declined" });
    await choice(w, { person: "A8", id: "8", status: "reserve" });
    await runUpTo(w, ["core.fct_admission_choices"]);

    expect(await steps(w)).toEqual([
      row6("id:1", "Main", "2024-06-05", "2024-07-12", "2024-07-26", null, null),
      row6("id:2", "Supplementary", "2024-08-02", "2024-08-02", "2024-08-02", null, null),
      row6("id:3", "Main", "2024-06-28", "2024-06-28", null, null, null),
      row6("id:4", "Main", "2024-06-28", null, null, null, null),
      row6("id:5", "Main", null, null, null, null, null),
      row6("id:6", "Main", "2024-06-28", "2024-06-28", "2024-07-31", null, "2024-09-20"),
      row6("id:7", "Main", "2024-06-28", "2024-06-28", null, "2024-07-31", null),
      row6("id:8", "Main", "2024-06-28", null, null, null, null),
    ]);
  });

  it("makes a system's choices and its person attributes one person-record, and adds the catalogue's institution", async () => {
    await choice(w, { person: "A1", id: "1", programme: "P1" });
    await choice(w, { person: "A1", id: "2", programme: "P2" });
    await choice(w, { person: "A2", id: "3", programme: "P9" });
    await w.run(
      `INSERT INTO raw.persons__attributes (_file_id, _row, system, person_id, school_code) VALUES
         (2, 1, 'nordic', 'A1', 's01'), (2, 2, 'nordic', 'A2', NULL), (2, 3, 'other', 'A1', 'S99')`,
    );
    await w.run(
      `INSERT INTO raw.catalogue__programmes (_file_id, _row, programme_code, institution_code) VALUES
         (3, 1, 'P1', 'U1'), (3, 2, 'p2 ', 'U2')`,
    );
    await runUpTo(w, ["core.fct_admission_choices", "core.dim_person_school"]);

    const persons = await w.all(
      "SELECT count(*) AS choices, count(DISTINCT person_id) AS persons FROM core.fct_admission_choices",
    );
    expect(persons).toEqual([{ choices: 3, persons: 2 }]);
    expect(
      await w.all("SELECT choice_key, institution_code FROM core.fct_admission_choices ORDER BY 1"),
    ).toEqual([
      { choice_key: "id:1", institution_code: "U1" },
      { choice_key: "id:2", institution_code: "U2" },
      { choice_key: "id:3", institution_code: null },
    ]);
    // A1's school comes from the same system's attribute file; the other system's A1 is another person
    const schools = await w.all(
      `SELECT d.school_code FROM core.dim_person_school AS d
         JOIN core.fct_admission_choices AS c USING (person_id) GROUP BY ALL ORDER BY 1`,
    );
    expect(schools).toEqual([{ school_code: "S01" }]);
  });
});

function row6(
  key: string,
  round: string,
  eligible: string | null,
  offered: string | null,
  accepted: string | null,
  declined: string | null,
  enrolled: string | null,
) {
  return {
    choice_key: key,
    round,
    institution_code: null,
    applied: "2024-03-14",
    eligible,
    offered,
    accepted,
    declined,
    enrolled,
    country: "FI",
  };
}
