import { describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

describe("marts.mart_school_coverage: students who started, and those with a known school of origin", () => {
  const w = modelWarehouseFor("suite", async (w) => {
    await runUpTo(w, ["marts.mart_school_coverage"]);
  });

  it("counts per intake and route, persons per programme summed over programmes as the cohort tables do", async () => {
    await w.run("DELETE FROM core.fct_programme_starts");
    const starts: [number, string, string, string, string | null][] = [
      [1, "P1", "HT2025", "national", "A"],
      [1, "P2", "HT2025", "national", "A"], // a second programme in the same intake: a start of its own
      [2, "P1", "HT2025", "national", null],
      [3, "P1", "HT2025", "international", null],
      [4, "P1", "VT2026", "national", "B"],
    ];
    for (const [person, programme, intake, route, school] of starts)
      await w.run(
        `INSERT INTO core.fct_programme_starts (person_id, programme_code, intake, application_route, school_code)
         VALUES ($1, $2, $3, $4, $5)`,
        [person, programme, intake, route, school],
      );
    await runModels(
      w,
      undefined,
      discoverModels().filter((m) => m.name === "marts.mart_school_coverage"),
    );
    expect(
      await w.all("SELECT * FROM marts.mart_school_coverage ORDER BY intake, application_route"),
    ).toEqual([
      { intake: "HT2025", application_route: "international", students: 1, students_with_school: 0 },
      { intake: "HT2025", application_route: "national", students: 3, students_with_school: 2 },
      { intake: "VT2026", application_route: "national", students: 1, students_with_school: 1 },
    ]);
  });
});
