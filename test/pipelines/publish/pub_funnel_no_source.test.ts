import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { application, runUpTo } from "../core/lifecycle-fixtures.ts";

const admitted = { urval1: "Antagen", decision: "Antagen" } as const;

/**
 * An institution with admissions only (no CRM, no student records), funnel.entryStage application: what no
 * source delivers is published as no data beside its status, neither suppressed nor 0.
 */
describe("publish: the funnel and admissions of an institution without inquiries or enrolments", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await modelWarehouse({ funnel: { entryStage: "application" } });
    for (const person of ["Ann", "Bo", "Cy", "Di", "Ed", "Fu", "Gi"]) {
      await application(w, { person, ...admitted, reply: "Tackat ja", repliedOn: "2026-07-20" });
    }
    await runUpTo(w, [
      "marts.mart_funnel_by_cohort",
      "marts.mart_admissions_by_cohort",
      "publish.pub_funnel_stages",
    ]);
  }, 120_000);
  afterAll(() => w.close());

  it("pub_funnel_stages names the entry stage and the stages with no source", async () => {
    expect(
      await w.all(
        "SELECT stage, is_entry, data_status FROM publish.pub_funnel_stages WHERE stage_order <= 9",
      ),
    ).toEqual([
      { stage: "inquiry", is_entry: false, data_status: "no_source" },
      { stage: "open_day_registered", is_entry: false, data_status: "no_source" },
      { stage: "open_day_attended", is_entry: false, data_status: "no_source" },
      { stage: "trial_lecture", is_entry: false, data_status: "no_source" },
      { stage: "application", is_entry: true, data_status: "ok" },
      { stage: "eligible", is_entry: false, data_status: "ok" },
      { stage: "admitted", is_entry: false, data_status: "ok" },
      { stage: "accepted", is_entry: false, data_status: "ok" },
      { stage: "enrolled", is_entry: false, data_status: "no_source" },
    ]);
  });

  it("pub_funnel_by_intake: a stage with no source is NULL and not suppressed; the others are counted", async () => {
    expect(
      await w.all(
        `SELECT stage, persons, persons_suppressed AS suppressed, cumulative_conversion AS cu,
                cumulative_conversion_suppressed AS cu_suppressed, data_status
           FROM publish.pub_funnel_by_intake
          WHERE ordering = 'ordered' AND total_over IS NULL AND stage IN ('application', 'accepted', 'enrolled')
          ORDER BY stage_order`,
      ),
    ).toEqual([
      // 7 applicants, published rounded; the rate rests on fewer than 23, so it is suppressed
      {
        stage: "application",
        persons: 5,
        suppressed: false,
        cu: null,
        cu_suppressed: true,
        data_status: "ok",
      },
      { stage: "accepted", persons: 5, suppressed: false, cu: null, cu_suppressed: true, data_status: "ok" },
      {
        stage: "enrolled",
        persons: null,
        suppressed: false,
        cu: null,
        cu_suppressed: false,
        data_status: "no_source",
      },
    ]);
    // the ordered funnel starts at the entry: no ordered row for a stage before it
    expect(
      await w.scalar(
        "SELECT count(*)::INTEGER FROM publish.pub_funnel_by_intake WHERE ordering = 'ordered' AND stage = 'inquiry'",
      ),
    ).toBe(0);
    expect(
      await w.all(
        "SELECT DISTINCT stage, data_status FROM publish.pub_funnel_by_channel WHERE stage IN ('inquiry', 'enrolled') ORDER BY ALL",
      ),
    ).toEqual([
      { stage: "enrolled", data_status: "no_source" },
      { stage: "inquiry", data_status: "no_source" },
    ]);
  });

  it("pub_admissions_by_intake: enrolled, melted, yield and melt are no data without an enrolment source", async () => {
    expect(
      await w.all(
        `SELECT programme_code, admitted, accepted, enrolled, enrolled_suppressed, melted, yield, yield_suppressed,
                melt, melt_suppressed, enrolment_status
           FROM publish.pub_admissions_by_intake ORDER BY programme_code NULLS LAST`,
      ),
    ).toEqual(
      ["PROGA", null].map((programme_code) => ({
        programme_code,
        admitted: 5,
        accepted: 5,
        enrolled: null,
        enrolled_suppressed: false,
        melted: null,
        yield: null,
        yield_suppressed: false,
        melt: null,
        melt_suppressed: false,
        enrolment_status: "no_source",
      })),
    );
  });
});
