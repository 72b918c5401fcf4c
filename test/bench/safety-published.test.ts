import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { auditRelease, declaredMeans } from "../../bench/safety/published.ts";
import { tempProject } from "../helpers/project.ts";

/**
 * The safety probe's published-counts figure on a hand-made release. A cohort table's mean credits are published
 * to the half credit; in a small release every one of them can be whole (54, 49), and the probe took them for
 * counts off the rounding base: 11 false failures on a 1,000-person demo.
 */
describe("the safety probe's audit of published counts", () => {
  const release = tempProject("slm-release-");
  afterAll(() => release.remove());
  writeFileSync(
    join(release.dir, "_manifest.json"),
    JSON.stringify({ disclosure: { minCount: 5, roundTo: 5 } }),
  );
  const cohort = (students: number, credits: number) => ({
    intake: "2022-SEP",
    students,
    students_suppressed: false,
    first_year_credits: credits,
    first_year_credits_suppressed: false,
  });
  writeFileSync(
    join(release.dir, "pub_cohorts_by_family_studied_here.json"),
    JSON.stringify([cohort(20, 54), cohort(15, 49), cohort(3, 48)]),
  );

  it("knows the cohort tables' mean credits from the publish models", async () => {
    const means = await declaredMeans();
    expect(means.has("pub_cohorts_by_family_studied_here.first_year_credits")).toBe(true);
    expect(means.has("pub_cohorts_by_family_studied_here.students")).toBe(false);
  });

  it("checks the counts and leaves a declared mean alone, however whole its values", async () => {
    const details = auditRelease(release.dir, await declaredMeans());
    expect(details.countColumns).toBe(1);
    expect(details.countCells).toBe(3);
    // 3 is both under the minimum and off the base; 20 and 15 are fine
    expect(details.small).toEqual([
      { table: "pub_cohorts_by_family_studied_here", column: "students", row: 2, value: 3 },
    ]);
    expect(details.offBase.map((cell) => cell.value)).toEqual([3]);
  });

  it("without the declaration, takes whole means for counts (what it did before)", () => {
    const details = auditRelease(release.dir);
    expect(details.countColumns).toBe(2);
    expect(details.offBase.map((cell) => `${cell.column}=${cell.value}`)).toEqual([
      "students=3",
      "first_year_credits=54",
      "first_year_credits=49",
      "first_year_credits=48",
    ]);
  });
});
