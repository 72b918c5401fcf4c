import { describe, expect, it } from "vitest";
import { wilson } from "../../../pipelines/metrics/wilson.ts";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

type Event = [person: number, stage: string, on: string, intake: string | null];

/** Newcombe's hybrid score interval for a difference of two proportions, from the two Wilson intervals. */
function newcombe(k1: number, n1: number, k2: number, n2: number) {
  const a = wilson(k1, n1)!;
  const c = wilson(k2, n2)!;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  return {
    lift: p1 - p2,
    low: p1 - p2 - Math.sqrt((p1 - a.low) ** 2 + (c.high - p2) ** 2),
    high: p1 - p2 + Math.sqrt((a.high - p1) ** 2 + (p2 - c.low) ** 2),
  };
}

describe("marts.mart_event_lift_by_intake", () => {
  const warehouse = modelWarehouseFor("test", async (warehouse) => {
    await runModels(warehouse);
  });

  async function lift(events: Event[]) {
    await warehouse.run("DELETE FROM core.fct_lifecycle_events");
    for (const [i, [person, stage, on, intake]] of events.entries()) {
      await warehouse.run(
        `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_at, event_date, intake, programme_code)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $4::DATE, $5, 'PROGA')`,
        [`e${i}`, person, stage, on, intake],
      );
    }
    await runModels(
      warehouse,
      undefined,
      discoverModels().filter((m) =>
        ["core.int_inquiry_intakes", "marts.mart_event_lift_by_intake"].includes(m.name),
      ),
    );
    return warehouse.all<Record<string, unknown>>(
      `SELECT event_type, intake, outcome,
              event_lift_attendees_num AS a_num, event_lift_attendees_den AS a_den,
              event_lift_comparison_num AS c_num, event_lift_comparison_den AS c_den,
              event_lift, event_lift_low, event_lift_high
         FROM marts.mart_event_lift_by_intake`,
    );
  }

  it("compares attendees' application and enrolment with the intake's other prospects", async () => {
    const rows = await lift([
      [1, "inquiry", "2025-11-01", null], // before 15 April 2026: a prospect of HT2026
      [1, "open_day_attended", "2026-03-10", "HT2026"],
      [1, "application", "2026-04-01", "HT2026"],
      [1, "enrolled", "2026-09-20", "HT2026"],
      [2, "open_day_registered", "2026-02-01", "HT2026"], // registered, never came: a prospect, not an attendee
      [2, "application", "2026-04-02", "HT2026"],
      [3, "inquiry", "2026-01-10", null],
      [4, "inquiry", "2026-02-01", null],
      [4, "open_day_attended", "2026-03-10", "HT2026"],
      [4, "trial_lecture", "2026-03-20", "HT2026"],
      [4, "application", "2026-04-03", "HT2026"],
      [5, "inquiry", "2026-05-01", null], // VT2027's prospect; no event held for VT2027: no row
      [5, "application", "2026-09-01", "VT2027"],
      [6, "inquiry", "2026-03-01", null],
      [6, "trial_lecture", "2026-12-01", "HT2026"], // after the reference date 2026-11-23: not yet attended
      [7, "application", "2026-03-01", "HT2026"], // an applicant with no touch is no prospect
    ]);
    const row = (
      event_type: string,
      outcome: string,
      a_num: number,
      a_den: number,
      c_num: number,
      c_den: number,
    ) => {
      const { lift: event_lift, low, high } = newcombe(a_num, a_den, c_num, c_den);
      return { event_type, intake: "HT2026", outcome, a_num, a_den, c_num, c_den, event_lift, low, high };
    };
    expect(
      rows.map(({ event_lift_low, event_lift_high, ...r }) => ({
        ...r,
        low: event_lift_low,
        high: event_lift_high,
      })),
    ).toEqual(
      [
        // open day: attendees 1 and 4 both applied, 1 enrolled; of 2, 3 and 6 only 2 applied
        row("open_day", "applied", 2, 2, 1, 3),
        row("open_day", "enrolled", 1, 2, 0, 3),
        // trial lecture: attendee 4 applied, did not enrol; of 1, 2, 3 and 6, two applied and one enrolled
        row("trial_lecture", "applied", 1, 1, 2, 4),
        row("trial_lecture", "enrolled", 0, 1, 1, 4),
      ].map((r) =>
        expect.objectContaining({
          ...r,
          event_lift: expect.closeTo(r.event_lift, 12),
          low: expect.closeTo(r.low, 9),
          high: expect.closeTo(r.high, 9),
        }),
      ),
    );
  });

  it("publishes enrolment before the intake's census as not yet observable, never a lift of 0", async () => {
    await lift([
      [1, "inquiry", "2026-05-01", null], // VT2027's cycle (deadline 15 October 2026)
      [1, "open_day_attended", "2026-09-12", "VT2027"],
      [1, "application", "2026-10-01", "VT2027"],
      [2, "inquiry", "2026-06-01", null],
    ]);
    expect(
      await warehouse.all(
        `SELECT outcome, outcome_status, event_lift_attendees_num AS a_num, event_lift_attendees_den AS a_den,
                event_lift_comparison_den AS c_den, event_lift
           FROM marts.mart_event_lift_by_intake ORDER BY outcome`,
      ),
    ).toEqual([
      // the application deadline has passed by the reference date (23 November 2026); 1 of 1 attendee, 0 of 1 other
      { outcome: "applied", outcome_status: "ok", a_num: 1, a_den: 1, c_den: 1, event_lift: 1 },
      // VT2027's census is 6 February 2027
      {
        outcome: "enrolled",
        outcome_status: "not_yet_observable",
        a_num: null,
        a_den: null,
        c_den: null,
        event_lift: null,
      },
    ]);
  });
});
