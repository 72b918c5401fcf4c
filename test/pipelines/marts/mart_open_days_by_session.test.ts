import { describe, expect, it } from "vitest";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { checkin, registration, runUpTo, session } from "../core/lifecycle-fixtures.ts";

describe("marts.mart_open_days_by_session: capacity, registrations, check-ins and the no-show rate", () => {
  const warehouse = modelWarehouseFor("test");

  it("counts no-shows among confirmed registrants only; walk-ins attend without a registration", async () => {
    const w = warehouse;
    await session(w, { id: "OD-1", at: "2026-03-10 10:00:00", capacity: 40 });
    await session(w, {
      id: "TL-1",
      type: "trial_lecture",
      programme: "PROGA",
      at: "2026-03-20 10:00:00",
      capacity: 10,
    });
    await session(w, { id: "OD-2", at: "2026-12-05 10:00:00" }); // after the reference date 2026-11-23: not held yet
    await registration(w, { id: "R1", session: "OD-1", person: "Ann", at: "2026-02-01 09:00:00" });
    await registration(w, { id: "R2", session: "OD-1", person: "Bo", at: "2026-02-02 09:00:00" }); // no-show
    await registration(w, { id: "R3", session: "OD-1", person: "Cy", at: "2026-02-03 09:00:00" }); // no-show
    await registration(w, {
      id: "R4",
      session: "OD-1",
      person: "Di",
      at: "2026-02-04 09:00:00",
      status: "cancelled",
    });
    await registration(w, {
      id: "R5",
      session: "OD-1",
      person: "Ed",
      at: "2026-02-05 09:00:00",
      status: "waitlisted",
    });
    await registration(w, { id: "R6", session: "TL-1", person: "Ann", at: "2026-03-01 09:00:00" });
    await checkin(w, { id: "K1", session: "OD-1", person: "Ann", at: "2026-03-10 10:02:00", ticket: "R1" });
    await checkin(w, { id: "K2", session: "OD-1", person: "Fa", at: "2026-03-10 10:30:00" }); // walk-in
    await checkin(w, { id: "K3", session: "TL-1", person: "Ann", at: "2026-03-20 10:00:00", ticket: "R6" });
    await runUpTo(w, ["marts.mart_open_days_by_session"]);
    expect(
      await w.all(
        `SELECT session_id, event_type, capacity, registrations, cancellations, waitlisted, confirmed, checkins,
                walk_ins, open_day_no_show_rate_num AS no_show_num, open_day_no_show_rate_den AS no_show_den
           FROM marts.mart_open_days_by_session ORDER BY session_id`,
      ),
    ).toEqual([
      {
        session_id: "OD-1",
        event_type: "open_day",
        capacity: 40,
        registrations: 5,
        cancellations: 1,
        waitlisted: 1,
        confirmed: 3,
        checkins: 2,
        walk_ins: 1,
        no_show_num: 2,
        no_show_den: 3,
      },
      {
        session_id: "TL-1",
        event_type: "trial_lecture",
        capacity: 10,
        registrations: 1,
        cancellations: 0,
        waitlisted: 0,
        confirmed: 1,
        checkins: 1,
        walk_ins: 0,
        no_show_num: 0,
        no_show_den: 1,
      },
    ]);
  });
});
