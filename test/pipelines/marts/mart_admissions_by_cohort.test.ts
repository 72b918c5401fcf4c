import { describe, expect, it } from "vitest";
import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

type Event = [person: number, stage: string, on: string, intake: string, programme: string, detail?: string];

describe("marts.mart_admissions_by_cohort: admit rate, acceptance yield, yield, melt", () => {
  const warehouse = modelWarehouseFor("test", async (warehouse) => {
    await runModels(warehouse);
  });

  async function admissions(events: Event[]) {
    await warehouse.run("DELETE FROM core.fct_lifecycle_events");
    for (const [i, [person, stage, on, intake, programme, detail]] of events.entries()) {
      await warehouse.run(
        `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_at, event_date, intake, programme_code, detail, priority)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $4::DATE, $5, $6, $7, 1)`,
        [`e${i}`, person, stage, on, intake, programme, detail ?? null],
      );
    }
    await runModels(
      warehouse,
      undefined,
      buildOrder(
        discoverModels().filter((m) =>
          ["marts.mart_funnel_stages", "marts.mart_admissions_by_cohort"].includes(m.name),
        ),
      ),
    );
    return warehouse.all(
      `SELECT intake, programme_code, applicants, evaluated, admitted_urval_1 AS u1, admitted_urval_2 AS u2,
              reserves, reserves_admitted, declined, melted_tidigt_avbrott AS tidigt,
              admit_rate_num, admit_rate_den, acceptance_yield_num, acceptance_yield_den,
              yield_num, yield_den, melt_num, melt_den
         FROM marts.mart_admissions_by_cohort ORDER BY intake, programme_code`,
    );
  }

  it("counts each applicant once per intake and keeps withdrawn applications out of the evaluated", async () => {
    const se = (p: number, stage: string, on: string, detail?: string): Event => [
      p,
      stage,
      on,
      "HT2026",
      "PROGA",
      detail,
    ];
    const rows = await admissions([
      se(1, "application", "2026-04-01", "Anmäld"),
      se(1, "admitted", "2026-07-10", "urval 1"),
      se(1, "accepted", "2026-07-20", "Tackat ja"),
      se(1, "enrolled", "2026-09-21"),
      // reserve in urval 1, admitted in urval 2, then tidigt avbrott: melt
      se(2, "application", "2026-04-01", "Anmäld"),
      se(2, "reserve", "2026-07-10", "urval 1"),
      se(2, "admitted", "2026-08-06", "urval 2"),
      se(2, "accepted", "2026-08-10", "Tackat ja"),
      se(2, "early_break", "2026-09-07", "tidigt avbrott"),
      // återbud: a decline, not melt
      se(3, "application", "2026-04-01", "Anmäld"),
      se(3, "admitted", "2026-07-10", "urval 1"),
      se(3, "declined", "2026-07-20", "Återbud"),
      se(4, "application", "2026-04-01", "Anmäld"), // evaluated, not admitted
      se(5, "application", "2026-04-01", "Återtagen"), // withdrawn: not evaluated
      // accepted and never registered: a no-show at the start, melt
      se(6, "application", "2026-04-01", "Anmäld"),
      se(6, "admitted", "2026-07-10", "urval 1"),
      se(6, "accepted", "2026-07-20", "Tackat ja"),
      [7, "application", "2026-04-01", "HT2026", "PROGB", "Anmäld"],
      [7, "admitted", "2026-07-10", "HT2026", "PROGB", "urval 1"],
      [7, "accepted", "2026-07-20", "HT2026", "PROGB", "Tackat ja"],
      [7, "enrolled", "2026-12-01", "HT2026", "PROGB"], // after the reference date: not yet enrolled
      // NL: admitted and paid, not enrolled on 1 October: melt
      [8, "application", "2026-03-01", "2026-SEP", "56604", "aangemeld"],
      [8, "admitted", "2026-05-01", "2026-SEP", "56604", "toegelaten"],
      [8, "accepted", "2026-05-01", "2026-SEP", "56604", "betaling"],
      [9, "application", "2026-03-01", "2026-SEP", "56604", "ingeschreven"],
      [9, "admitted", "2026-05-01", "2026-SEP", "56604", "toegelaten"],
      [9, "accepted", "2026-05-01", "2026-SEP", "56604", "betaling"],
      [9, "enrolled", "2026-10-01", "2026-SEP", "56604", "ingeschreven"],
    ]);
    const counts = (
      intake: string,
      programme_code: string,
      [applicants, evaluated, u1, u2, reserves, reserves_admitted, declined, tidigt]: number[],
      [admitted, accepted, enrolled, melted]: number[],
    ) => ({
      intake,
      programme_code,
      applicants,
      evaluated,
      u1,
      u2,
      reserves,
      reserves_admitted,
      declined,
      tidigt,
      admit_rate_num: admitted,
      admit_rate_den: evaluated,
      acceptance_yield_num: accepted,
      acceptance_yield_den: admitted,
      yield_num: enrolled,
      yield_den: admitted,
      melt_num: melted,
      melt_den: accepted,
    });
    expect(rows).toEqual([
      counts("2026-SEP", "56604", [2, 2, 0, 2, 0, 0, 0, 0], [2, 2, 1, 1]),
      counts("2026-SEP", "all", [2, 2, 0, 2, 0, 0, 0, 0], [2, 2, 1, 1]),
      counts("HT2026", "PROGA", [6, 5, 3, 1, 1, 1, 1, 1], [4, 3, 1, 2]),
      counts("HT2026", "PROGB", [1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 0, 1]),
      counts("HT2026", "all", [7, 6, 4, 1, 1, 1, 1, 1], [5, 4, 1, 3]),
    ]);
  });

  it("breaks a tie between equal-priority choices by date, then programme code, whatever order the rows come in", async () => {
    // NL requests carry no priority: two on different days go to the earlier, two on one day to the lower code
    const rows = await admissions([
      [1, "application", "2026-03-02", "2026-SEP", "50000", "aangemeld"],
      [1, "application", "2026-03-01", "2026-SEP", "59999", "aangemeld"],
      [2, "application", "2026-03-01", "2026-SEP", "59999", "aangemeld"],
      [2, "application", "2026-03-01", "2026-SEP", "50000", "aangemeld"],
    ]);
    expect(
      rows.map((r) => [
        (r as { programme_code: string }).programme_code,
        (r as { applicants: number }).applicants,
      ]),
    ).toEqual([
      ["50000", 1],
      ["59999", 1],
      ["all", 2],
    ]);
  });
});
