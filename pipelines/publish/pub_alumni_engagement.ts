import { counts, definePublishTable } from "../disclosure/index.ts";

/**
 * Alumni engagement per programme and five-year graduation period (single years would be mostly suppressed):
 * contactable alumni, the active share, alumni per CASE mode, the mean weighted score, the pools of consenting
 * alumni (guest lecture, mentoring, internship) and further study. Totals over programmes and periods too.
 * The weighted mean adds its DOUBLEs in ascending order (ordered_sum, macros.sql), so it is the same on every run.
 */
export default definePublishTable({
  name: "pub_alumni_engagement",
  grain:
    "one row per programme x graduation period (and totals over each and both): alumni engagement, after disclosure control",
  source: `SELECT programme_code,
                  (graduation_year // 5 * 5)::VARCHAR || '-' || (graduation_year // 5 * 5 + 4)::VARCHAR AS graduation_period,
                  sum(alumni) AS alumni, sum(contactable) AS contactable,
                  sum(active_alumni_share_num) AS active,
                  sum(philanthropic) AS philanthropic, sum(volunteer) AS volunteer,
                  sum(experiential) AS experiential, sum(communication) AS communication,
                  ordered_sum(engagement_score_mean * contactable)
                    / nullif(sum(contactable), 0) AS engagement_score_mean,
                  sum(pool_guest_lecture) AS pool_guest_lecture, sum(pool_mentoring) AS pool_mentoring,
                  sum(pool_internship) AS pool_internship, sum(further_study_num) AS further_study
             FROM marts.mart_alumni_engagement
            WHERE graduation_year IS NOT NULL
            GROUP BY ALL`,
  dimensions: ["programme_code", "graduation_period"],
  margins: [["programme_code"], ["graduation_period"], []],
  totals: "sum",
  measures: [
    ...counts("alumni", "contactable", "active"),
    { kind: "rate", name: "active_alumni_share", numerator: "active", denominator: "contactable" },
    ...counts("philanthropic", "volunteer", "experiential", "communication"),
    // a person's score is a sum of whole weights (outcomes.alumniWeights)
    {
      kind: "mean",
      name: "engagement_score",
      value: "engagement_score_mean",
      persons: "contactable",
      unit: 1,
    },
    ...counts("pool_guest_lecture", "pool_mentoring", "pool_internship", "further_study"),
    { kind: "rate", name: "further_study_rate", numerator: "further_study", denominator: "alumni" },
  ],
});
