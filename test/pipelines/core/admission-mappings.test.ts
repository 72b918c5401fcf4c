import { describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { application, runUpTo } from "./lifecycle-fixtures.ts";

/**
 * NyA and Studielink enter the one admissions model (core.fct_admission_choices) through their mappings
 * (core.int_nya_choices, core.int_studielink_choices), dated by the default calendar: HT2026's international round
 * 2026-03-28, urval 1 2026-07-10, urval 2 2026-08-06; 2026-SEP's census 2026-10-01. As of 2026-11-23.
 */
async function vti(
  w: Warehouse,
  p: { n: number; status: string; on: string; decision?: string | null; decided?: string; paid?: boolean },
) {
  await w.run(
    `INSERT INTO raw.studielink__enrolment_requests (_file_id, _row, studielink_number, first_name, last_name, email,
       nationality, croho_code, academic_year, start_month, requested_on, request_status, status_on, admission_decision,
       decided_on, paid)
     VALUES (1, $1, $2, $3, 'Test', $4, 'NL', '56978', 2026, 'september', DATE '2026-03-01', $5, $6::DATE, $7,
       $8::DATE, $9)`,
    [
      p.n,
      `2000000${p.n}`,
      `V${p.n}`,
      `v${p.n}@example.org`,
      p.status,
      p.on,
      p.decision === undefined ? "toegelaten" : p.decision,
      p.decided ?? "2026-06-01",
      p.paid ?? true,
    ],
  );
}

const choices = (w: Warehouse, system: string) =>
  w.all(
    `SELECT round, applied_on::VARCHAR AS applied, eligible_on::VARCHAR AS eligible, offered_on::VARCHAR AS offered,
            reserve_on::VARCHAR AS reserve, accepted_on::VARCHAR AS accepted, declined_on::VARCHAR AS declined,
            withdrawn_on::VARCHAR AS withdrawn, enrolled_on::VARCHAR AS enrolled, application_detail, offered_detail,
            source_model
       FROM core.fct_admission_choices WHERE system = '${system}' ORDER BY applied_on, round NULLS LAST`,
  );

describe("NyA and Studielink in the admissions model", () => {
  const w = modelWarehouseFor("test");

  it("maps NyA's selection results, reply and status onto dated steps, with the round that decided each choice", async () => {
    // reserve in urval 1, admitted in urval 2, accepted
    await application(w, {
      person: "Ann",
      on: "2026-04-01",
      urval1: "Reserv",
      urval2: "Antagen",
      reply: "Tackat ja",
      repliedOn: "2026-08-10",
    });
    // admitted in urval 1, declined
    await application(w, {
      person: "Bo",
      on: "2026-04-02",
      urval1: "Antagen",
      urval2: "Antagen",
      reply: "Återbud",
      repliedOn: "2026-07-20",
    });
    // the international round: its one selection stands in for urval 1
    await application(w, {
      person: "Cy",
      round: "HT2026-INT",
      on: "2026-01-10",
      urval1: "Antagen",
      reply: "Tackat ja",
      repliedOn: "2026-04-10",
    });
    // ineligible in both rounds; and withdrawn before selection
    await application(w, { person: "Di", on: "2026-04-03", urval1: "Ej behörig", urval2: "Ej behörig" });
    await application(w, { person: "Ed", on: "2026-04-04", status: "Återtagen" });
    await runUpTo(w, ["core.fct_admission_choices", "marts.mart_admissions_by_round"]);

    const nya = { source_model: "stg_nya__applications" };
    expect(await choices(w, "nya")).toEqual([
      {
        ...nya,
        round: "international",
        applied: "2026-01-10",
        eligible: "2026-03-28",
        offered: "2026-03-28",
        reserve: null,
        accepted: "2026-04-10",
        declined: null,
        withdrawn: null,
        enrolled: null,
        application_detail: "Anmäld (international round)",
        offered_detail: "urval 1",
      },
      {
        ...nya,
        round: "urval 2",
        applied: "2026-04-01",
        eligible: "2026-07-10",
        offered: "2026-08-06",
        reserve: "2026-07-10",
        accepted: "2026-08-10",
        declined: null,
        withdrawn: null,
        enrolled: null,
        application_detail: "Anmäld",
        offered_detail: "urval 2",
      },
      {
        ...nya,
        round: "urval 1",
        applied: "2026-04-02",
        eligible: "2026-07-10",
        offered: "2026-07-10",
        reserve: null,
        accepted: null,
        declined: "2026-07-20",
        withdrawn: null,
        enrolled: null,
        application_detail: "Anmäld",
        offered_detail: "urval 1",
      },
      {
        ...nya,
        round: "urval 2",
        applied: "2026-04-03",
        eligible: null,
        offered: null,
        reserve: null,
        accepted: null,
        declined: null,
        withdrawn: null,
        enrolled: null,
        application_detail: "Anmäld",
        offered_detail: "urval 2",
      },
      {
        ...nya,
        round: null,
        applied: "2026-04-04",
        eligible: null,
        offered: null,
        reserve: null,
        accepted: null,
        declined: null,
        withdrawn: "2026-04-04",
        enrolled: null,
        application_detail: "Återtagen",
        offered_detail: "urval 2",
      },
    ]);

    expect(
      await w.all(
        `SELECT round, applicants, eligible, offered, reserve, accepted, declined, withdrawn
           FROM marts.mart_admissions_by_round WHERE intake = 'HT2026' AND institution_code = 'all' ORDER BY round`,
      ),
    ).toEqual([
      {
        round: "all",
        applicants: 5,
        eligible: 3,
        offered: 3,
        reserve: 1,
        accepted: 2,
        declined: 1,
        withdrawn: 1,
      },
      {
        round: "international",
        applicants: 1,
        eligible: 1,
        offered: 1,
        reserve: 0,
        accepted: 1,
        declined: 0,
        withdrawn: 0,
      },
      {
        round: "none",
        applicants: 1,
        eligible: 0,
        offered: 0,
        reserve: 0,
        accepted: 0,
        declined: 0,
        withdrawn: 1,
      },
      {
        round: "urval 1",
        applicants: 1,
        eligible: 1,
        offered: 1,
        reserve: 0,
        accepted: 0,
        declined: 1,
        withdrawn: 0,
      },
      {
        round: "urval 2",
        applicants: 2,
        eligible: 1,
        offered: 1,
        reserve: 1,
        accepted: 1,
        declined: 0,
        withdrawn: 0,
      },
    ]);
  });

  it("maps Studielink's request status, decision and payment onto dated steps, enrolment on the census day", async () => {
    await vti(w, { n: 1, status: "ingeschreven", on: "2026-08-20" });
    // enrolled at the census, de-registered after it: a `left` event beside the enrolment
    await vti(w, { n: 2, status: "uitgeschreven", on: "2026-11-01" });
    // de-registered before the census: never enrolled
    await vti(w, { n: 3, status: "uitgeschreven", on: "2026-09-15" });
    await vti(w, { n: 4, status: "geannuleerd", on: "2026-05-10", decision: null, paid: false });
    await vti(w, { n: 5, status: "aangemeld", on: "2026-03-01", paid: false });
    await runUpTo(w, ["core.fct_lifecycle_events", "marts.mart_admissions_by_round"]);

    const steps = await w.all(
      `SELECT application_detail, eligible_on, offered_on::VARCHAR AS offered, accepted_on::VARCHAR AS accepted,
              withdrawn_on::VARCHAR AS withdrawn, enrolled_on::VARCHAR AS enrolled, round, source_model
         FROM core.fct_admission_choices WHERE system = 'studielink' ORDER BY application_detail, enrolled_on NULLS LAST`,
    );
    const sl = { eligible_on: null, round: null, source_model: "stg_studielink__enrolment_requests" };
    expect(steps).toEqual([
      {
        ...sl,
        application_detail: "aangemeld",
        offered: "2026-06-01",
        accepted: null,
        withdrawn: null,
        enrolled: null,
      },
      {
        ...sl,
        application_detail: "geannuleerd",
        offered: null,
        accepted: null,
        withdrawn: "2026-05-10",
        enrolled: null,
      },
      {
        ...sl,
        application_detail: "ingeschreven",
        offered: "2026-06-01",
        accepted: "2026-06-01",
        withdrawn: null,
        enrolled: "2026-10-01",
      },
      {
        ...sl,
        application_detail: "uitgeschreven",
        offered: "2026-06-01",
        accepted: "2026-06-01",
        withdrawn: null,
        enrolled: "2026-10-01",
      },
      {
        ...sl,
        application_detail: "uitgeschreven",
        offered: "2026-06-01",
        accepted: "2026-06-01",
        withdrawn: null,
        enrolled: null,
      },
    ]);

    expect(
      await w.all(
        `SELECT stage, event_date::VARCHAR AS on, detail FROM core.fct_lifecycle_events
          WHERE stage IN ('enrolled', 'left') ORDER BY stage, event_date, detail`,
      ),
    ).toEqual([
      { stage: "enrolled", on: "2026-10-01", detail: "ingeschreven" },
      { stage: "enrolled", on: "2026-10-01", detail: "uitgeschreven" },
      { stage: "left", on: "2026-11-01", detail: "uitgeschreven" },
    ]);

    // Studielink states no eligibility: none is counted, so the offer rate has no denominator
    expect(
      await w.all(
        `SELECT round, applicants, eligible, offered, accepted, withdrawn, enrolled, offer_rate_low
           FROM marts.mart_admissions_by_round WHERE intake = '2026-SEP' AND institution_code = 'all' ORDER BY round`,
      ),
    ).toEqual([
      {
        round: "all",
        applicants: 5,
        eligible: 0,
        offered: 4,
        accepted: 3,
        withdrawn: 1,
        enrolled: 2,
        offer_rate_low: null,
      },
      {
        round: "none",
        applicants: 5,
        eligible: 0,
        offered: 4,
        accepted: 3,
        withdrawn: 1,
        enrolled: 2,
        offer_rate_low: null,
      },
    ]);
  });
});
