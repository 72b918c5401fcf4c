import { describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

type Start = {
  person: number;
  route?: string;
  openDay?: boolean;
  y1?: [registered: number, passed: number, progressed: boolean, brokeOff: boolean] | null;
  nominal?: boolean | null;
  plus1?: boolean | null;
  dropped?: boolean;
};

describe("marts.mart_cohort_outcomes: cohort cells with num/den and Wilson intervals", () => {
  const w = modelWarehouseFor("suite", async (w) => {
    await runUpTo(w, ["marts.mart_cohort_outcomes"]);
  });

  async function cohorts(starts: Start[]) {
    await w.run("DELETE FROM core.fct_programme_starts");
    for (const s of starts) {
      await w.run(
        `INSERT INTO core.fct_programme_starts (person_id, programme_code, intake, country, start_on, prior_education,
           application_route, open_day_attended, family_studied_here, year_one_complete, credits_registered_y1,
           credits_passed_y1, progressed_y2, study_break_y1, graduated_nominal, graduated_nominal_plus_1, dropped_out)
         VALUES ($1, 'PROGA', 'HT2022', 'se', DATE '2022-08-29', 'BI', $2, $3, FALSE, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          s.person,
          s.route ?? "national",
          s.openDay ?? false,
          s.y1 != null,
          s.y1?.[0] ?? null,
          s.y1?.[1] ?? null,
          s.y1?.[2] ?? null,
          s.y1?.[3] ?? null,
          s.nominal ?? null,
          s.plus1 ?? null,
          s.dropped ?? false,
        ],
      );
    }
    await runModels(
      w,
      undefined,
      discoverModels().filter((m) => m.name === "marts.mart_cohort_outcomes"),
    );
    return w.all<Record<string, unknown>>(
      `SELECT application_route, open_day_attended, students, year_one_students, throughput_num, throughput_den,
              first_year_credits_mean, round(first_year_credits_se, 6) AS first_year_credits_se,
              progression_num, progression_den, study_break_num, study_break_den,
              graduation_nominal_num, graduation_nominal_den, graduation_nominal_plus_1_num,
              graduation_nominal_plus_1_den, dropout_num, dropout_den,
              round(progression_low, 4) AS progression_low, round(progression_high, 4) AS progression_high
         FROM marts.mart_cohort_outcomes ORDER BY ALL`,
    );
  }

  it("counts each start once per cell; open windows (NULL outcomes) stay out of the denominators", async () => {
    const rows = await cohorts([
      { person: 1, y1: [60, 60, true, false], nominal: true, plus1: true },
      { person: 2, y1: [60, 30, true, false], nominal: false, plus1: true },
      { person: 3, y1: [60, 15, false, true], nominal: false, plus1: false, dropped: true },
      // first year not over yet: counted as a student, in no year-one or graduation denominator
      { person: 4, y1: null },
      { person: 5, route: "international", openDay: true, y1: [30, 30, true, false], nominal: null },
    ]);
    expect(rows).toEqual([
      {
        application_route: "international",
        open_day_attended: true,
        students: 1,
        year_one_students: 1,
        throughput_num: 30,
        throughput_den: 30,
        first_year_credits_mean: 30,
        first_year_credits_se: null,
        progression_num: 1,
        progression_den: 1,
        study_break_num: 0,
        study_break_den: 1,
        graduation_nominal_num: 0,
        graduation_nominal_den: 0,
        graduation_nominal_plus_1_num: 0,
        graduation_nominal_plus_1_den: 0,
        dropout_num: 0,
        dropout_den: 1,
        progression_low: 0.2065,
        progression_high: 1,
      },
      {
        application_route: "national",
        open_day_attended: false,
        students: 4,
        year_one_students: 3,
        throughput_num: 105,
        throughput_den: 180,
        first_year_credits_mean: 35,
        // sd of 60, 30, 15 = 22.9129; / sqrt(3)
        first_year_credits_se: 13.228757,
        progression_num: 2,
        progression_den: 3,
        study_break_num: 1,
        study_break_den: 3,
        graduation_nominal_num: 1,
        graduation_nominal_den: 3,
        graduation_nominal_plus_1_num: 2,
        graduation_nominal_plus_1_den: 3,
        dropout_num: 1,
        dropout_den: 4,
        progression_low: 0.2077,
        progression_high: 0.9385,
      },
    ]);
  });
});
