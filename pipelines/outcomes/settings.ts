import type { Config } from "../../warehouse/config.ts";
import type { SettingsTable } from "../settings.ts";

/**
 * The outcome settings as `slm_outcomes` (one row): the minimum number of students a school needs before its
 * performance is estimated, and the alumni engagement weights per CASE mode.
 */
export function outcomeSettings(outcomes: Config["outcomes"]): SettingsTable {
  const w = outcomes.alumniWeights;
  return {
    name: "slm_outcomes",
    columns: {
      school_min_n: "INTEGER",
      weight_philanthropic: "DOUBLE",
      weight_volunteer: "DOUBLE",
      weight_experiential: "DOUBLE",
      weight_communication: "DOUBLE",
    },
    rows: [
      {
        school_min_n: outcomes.schoolMinN,
        weight_philanthropic: w.philanthropic,
        weight_volunteer: w.volunteer,
        weight_experiential: w.experiential,
        weight_communication: w.communication,
      },
    ],
  };
}
