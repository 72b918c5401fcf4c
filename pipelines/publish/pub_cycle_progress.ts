import { definePublishTable } from "../disclosure/index.ts";

/**
 * How far each intake's cycle had come, week by week before and after its application deadline: persons
 * who had reached inquiry, open day, application, admission and enrolment by then. The site sets an intake
 * beside the previous cycle's (its own rows here) at the same week. Cumulative counts of nested
 * populations: rounding to 5 is what keeps a week's difference from naming the few who moved in it.
 */
export default definePublishTable({
  name: "pub_cycle_progress",
  grain:
    "one row per intake x stage x weeks before the application deadline (up to the reference date), persons after disclosure control",
  source: `SELECT intake, stage, weeks_to_deadline, persons
             FROM marts.mart_cycle_progress
            WHERE persons IS NOT NULL`,
  dimensions: ["intake", "stage", "weeks_to_deadline"],
  measures: [{ kind: "count", column: "persons", population: "cycle_progress" }],
});
