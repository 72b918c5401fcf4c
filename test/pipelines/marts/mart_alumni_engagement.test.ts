import { describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

type Alumnus = [
  person: number,
  programme: string,
  contactable: boolean,
  consenting: boolean,
  modes: ("philanthropic" | "volunteer" | "experiential" | "communication")[],
  score: number,
  pools: ("guest_lecturer" | "mentor" | "internship_host")[],
  furtherStudy: boolean,
];

describe("marts.mart_alumni_engagement: per programme x graduation year", () => {
  const w = modelWarehouseFor("suite", async (w) => {
    await runUpTo(w, ["marts.mart_alumni_engagement"]);
  });

  it("active share of contactable alumni with Wilson bounds, modes, mean score, pools of consenting alumni only", async () => {
    const alumni: Alumnus[] = [
      [1, "PROGA", true, true, ["philanthropic", "experiential"], 5, ["guest_lecturer"], false],
      [2, "PROGA", true, false, ["volunteer"], 3, ["mentor"], true], // mentors, but no consent: not in the pool
      [3, "PROGA", true, true, [], 0, ["internship_host"], false],
      [4, "PROGA", false, false, ["communication"], 1, [], false], // objected: not contactable, not active
    ];
    await w.run("DELETE FROM core.fct_alumni");
    for (const [person, programme, contactable, consenting, modes, score, pools, further] of alumni)
      await w.run(
        `INSERT INTO core.fct_alumni VALUES ($1, $2, 2020, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          person,
          programme,
          contactable,
          consenting,
          modes.includes("philanthropic"),
          modes.includes("volunteer"),
          modes.includes("experiential"),
          modes.includes("communication"),
          modes.length > 0,
          score,
          pools.includes("guest_lecturer"),
          pools.includes("mentor"),
          pools.includes("internship_host"),
          further,
        ],
      );
    await runModels(
      w,
      undefined,
      discoverModels().filter((m) => m.name === "marts.mart_alumni_engagement"),
    );
    expect(
      await w.all(
        `SELECT programme_code, graduation_year, alumni, contactable, active_alumni_share_num, active_alumni_share_den,
                round(active_alumni_share_low, 4) AS low, round(active_alumni_share_high, 4) AS high,
                philanthropic, volunteer, experiential, communication, engagement_score_mean,
                round(engagement_score_se, 6) AS engagement_score_se, pool_guest_lecture, pool_mentoring,
                pool_internship, further_study_num, further_study_den
           FROM marts.mart_alumni_engagement`,
      ),
    ).toEqual([
      {
        programme_code: "PROGA",
        graduation_year: 2020,
        alumni: 4,
        contactable: 3,
        active_alumni_share_num: 2,
        active_alumni_share_den: 3,
        low: 0.2077,
        high: 0.9385,
        philanthropic: 1,
        volunteer: 1,
        experiential: 1,
        communication: 0,
        // scores 5, 3, 0 of the contactable: mean 8/3, sd 2.5166 / sqrt(3)
        engagement_score_mean: 8 / 3,
        engagement_score_se: 1.452966,
        pool_guest_lecture: 1,
        pool_mentoring: 0,
        pool_internship: 1,
        further_study_num: 1,
        further_study_den: 4,
      },
    ]);
  });
});
