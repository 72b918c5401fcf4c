import { describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

// Default SE calendar (HT start 28 August, VT census 6 February), reference date 2026-11-23.
describe("core.dim_outcome_windows: when each outcome of an intake can first be known", () => {
  const w = modelWarehouseFor("suite", async (w) => {
    await w.run(
      `CREATE OR REPLACE TABLE core.fct_programme_starts AS
       SELECT * FROM (VALUES ('HT2023', 'A', 2.0), ('HT2023', 'B', 3.0), ('HT2024', 'B', 3.0))
         AS t(intake, programme_code, nominal_years)`,
    );
    await runModels(
      w,
      undefined,
      discoverModels().filter((m) => m.name === "core.dim_outcome_windows"),
    );
  });

  it("closes a window its months after the start or census, plus the shortest nominal length where it adds one", async () => {
    expect(
      await w.all(
        `SELECT intake, metric, closes_on::VARCHAR AS closes_on, observable FROM core.dim_outcome_windows
          WHERE (intake, metric) IN (('HT2025', 'progression'), ('HT2026', 'progression'), ('VT2026', 'yield'),
                 ('VT2027', 'yield'), ('HT2023', 'graduation_nominal'), ('HT2024', 'graduation_nominal'))
          ORDER BY intake, metric`,
      ),
    ).toEqual([
      // 28 Aug 2023 + 6 months + 24 (programme A's 2 years, the shortest): closed
      { intake: "HT2023", metric: "graduation_nominal", closes_on: "2026-02-28", observable: true },
      // 28 Aug 2024 + 6 + 36 months: not yet
      { intake: "HT2024", metric: "graduation_nominal", closes_on: "2028-02-28", observable: false },
      { intake: "HT2025", metric: "progression", closes_on: "2026-08-28", observable: true },
      { intake: "HT2026", metric: "progression", closes_on: "2027-08-28", observable: false },
      { intake: "VT2026", metric: "yield", closes_on: "2026-02-06", observable: true },
      { intake: "VT2027", metric: "yield", closes_on: "2027-02-06", observable: false },
    ]);
  });

  it("gives the funnel stages each window governs", async () => {
    expect(
      await w.all(
        `SELECT metric, array_to_string(stages, ',') AS stages FROM core.dim_outcome_windows
          WHERE intake = 'HT2026' AND len(stages) > 0 ORDER BY metric`,
      ),
    ).toEqual([
      { metric: "graduation_nominal", stages: "graduated,alumni_registered,alumni_engaged" },
      { metric: "progression", stages: "first_year_progression" },
      { metric: "study_break", stages: "left" },
      { metric: "yield", stages: "enrolled" },
    ]);
  });
});
