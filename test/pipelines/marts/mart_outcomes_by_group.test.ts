import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestFiles } from "../../../loaders/ingest.ts";
import { loadProfiles } from "../../../loaders/profile.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { DATASETS, HAS_DATASETS } from "../../helpers/project.ts";

describe.runIf(HAS_DATASETS)("outcomes of the real datasets, through their profiles", () => {
  const warehouse = modelWarehouseFor(
    "suite",
    async (warehouse) => {
      await ingestFiles(
        warehouse,
        [join(DATASETS, "uci_dropout", "data.csv"), join(DATASETS, "oulad", "studentInfo.csv")],
        { profiles: await loadProfiles() },
      );
      await runModels(warehouse);
    },
    180_000,
  );

  const shares = (dataset: string, breakdown: string) =>
    warehouse.all<{ group_value: string; outcome: string; num: number; den: number }>(
      `SELECT group_value, outcome, outcome_share_num AS num, outcome_share_den::BIGINT AS den
         FROM marts.mart_outcomes_by_group WHERE dataset = $1 AND breakdown = $2 ORDER BY ALL`,
      [dataset, breakdown],
    );

  it("UCI: the published outcome counts, Graduate 2,209, Dropout 1,421, Enrolled 794 of 4,424", async () => {
    expect(await shares("uci-dropout", "all")).toEqual([
      { group_value: "all", outcome: "dropped_out", num: 1421, den: 4424 },
      { group_value: "all", outcome: "enrolled", num: 794, den: 4424 },
      { group_value: "all", outcome: "graduated", num: 2209, den: 4424 },
    ]);
    const byQualification = await shares("uci-dropout", "prior_education");
    const byRoute = await shares("uci-dropout", "application_route");
    // every student is in exactly one group of each breakdown
    for (const rows of [byQualification, byRoute]) {
      expect(rows.reduce((sum, r) => sum + r.num, 0)).toBe(4424);
    }
    // previous qualification 1 (secondary education) is by far the largest group
    const secondary = byQualification.filter((r) => r.group_value === "1");
    expect(secondary[0]!.den).toBe(3717);
  });

  // Counted straight from the raw file (semicolon-separated, one header line), independently of the loader.
  it.each([
    ["prior_education", "Previous qualification"],
    ["application_route", "Application mode"],
  ])("UCI: outcome by %s equals the counts of the raw CSV's '%s' x Target", async (breakdown, column) => {
    const [header, ...lines] = readFileSync(join(DATASETS, "uci_dropout", "data.csv"), "utf8")
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "");
    const names = header!.split(";").map((h) => h.replace(/"/g, "").trim());
    const [g, t] = [names.indexOf(column), names.indexOf("Target")];
    const outcomeOf: Record<string, string> = {
      Graduate: "graduated",
      Dropout: "dropped_out",
      Enrolled: "enrolled",
    };
    const counts = new Map<string, number>();
    const totals = new Map<string, number>();
    for (const line of lines) {
      const cells = line.split(";");
      const group = cells[g]!.trim();
      const key = `${group}|${outcomeOf[cells[t]!.trim()]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      totals.set(group, (totals.get(group) ?? 0) + 1);
    }
    const expected = [...counts.entries()]
      .map(([key, num]) => {
        const [group_value, outcome] = key.split("|") as [string, string];
        return { group_value, outcome, num, den: totals.get(group_value)! };
      })
      .sort((a, b) =>
        a.group_value === b.group_value
          ? a.outcome.localeCompare(b.outcome)
          : a.group_value < b.group_value
            ? -1
            : 1,
      );
    expect(lines.length).toBe(4424);
    expect(await shares("uci-dropout", breakdown)).toEqual(expected);
  });

  it("OULAD: pass + distinction by highest education as published", async () => {
    const rows = await shares("oulad-student-info", "prior_education");
    const passRate = (education: string) => {
      const group = rows.filter((r) => r.group_value === education);
      const passed = group
        .filter((r) => r.outcome === "passed" || r.outcome === "distinction")
        .reduce((s, r) => s + r.num, 0);
      return { den: group[0]!.den, rate: Math.round((passed / group[0]!.den) * 1000) / 10 };
    };
    expect(passRate("A Level or Equivalent")).toEqual({ den: 14045, rate: 52 });
    expect(passRate("Lower Than A Level")).toEqual({ den: 13158, rate: 38.9 });
    expect(passRate("HE Qualification")).toEqual({ den: 4730, rate: 56.2 });
  });
});
