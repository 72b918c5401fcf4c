import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { checkin, registration, runUpTo, session } from "../core/lifecycle-fixtures.ts";

/** A registration cancelled on a given day (the fixture helper knows no cancellation date). */
async function cancelled(
  w: Warehouse,
  p: { id: string; session: string; person: string; at: string; on: string },
) {
  await w.run(
    `INSERT INTO raw.crm__event_registrations (_file_id, _row, registration_id, session_id, contact_id, registered_at, status, cancelled_at)
     VALUES (1, 9000 + $1, $2, $3, $4, $5::TIMESTAMP, 'cancelled', $6::TIMESTAMP)`,
    [Number(p.id.slice(1)), p.id, p.session, `C-${p.person}`, p.at, p.on],
  );
}

/**
 * Reference date 2026-11-23 (modelWarehouse). Open days OD-1 (10 March) and OD-2 (10 June) were held, OD-3
 * (5 December, 3 places) and the first trial lecture TL-1 (10 December) are to come.
 */
async function fixture(w: Warehouse) {
  await session(w, { id: "OD-1", at: "2026-03-10 10:00:00", capacity: 40 });
  await session(w, { id: "OD-2", at: "2026-06-10 10:00:00", capacity: 40 });
  await session(w, { id: "OD-3", at: "2026-12-05 10:00:00", capacity: 3 });
  await session(w, { id: "TL-1", type: "trial_lecture", programme: "PROGA", at: "2026-12-10 13:00:00" });
  // OD-1: three confirmed, two came; a cancellation and the waitlist count for neither
  await registration(w, { id: "R1", session: "OD-1", person: "Ann", at: "2026-02-01 09:00:00" });
  await registration(w, { id: "R2", session: "OD-1", person: "Bo", at: "2026-02-02 09:00:00" });
  await registration(w, { id: "R3", session: "OD-1", person: "Cy", at: "2026-02-03 09:00:00" });
  await cancelled(w, {
    id: "R4",
    session: "OD-1",
    person: "Di",
    at: "2026-02-04 09:00:00",
    on: "2026-02-20 09:00:00",
  });
  await registration(w, {
    id: "R5",
    session: "OD-1",
    person: "Ed",
    at: "2026-02-05 09:00:00",
    status: "waitlisted",
  });
  await checkin(w, { id: "K1", session: "OD-1", person: "Ann", at: "2026-03-10 10:02:00", ticket: "R1" });
  await checkin(w, { id: "K2", session: "OD-1", person: "Cy", at: "2026-03-10 10:05:00", ticket: "R3" });
  await checkin(w, { id: "K3", session: "OD-1", person: "Fa", at: "2026-03-10 10:30:00" }); // walk-in
  // OD-2: as the day before saw it, R6 and R8 were confirmed (R8 cancelled on the day); R7 registered on the day
  await registration(w, { id: "R6", session: "OD-2", person: "Fa", at: "2026-05-01 09:00:00" });
  await registration(w, { id: "R7", session: "OD-2", person: "Gu", at: "2026-06-10 08:00:00" });
  await cancelled(w, {
    id: "R8",
    session: "OD-2",
    person: "Ho",
    at: "2026-05-02 09:00:00",
    on: "2026-06-10 07:00:00",
  });
  await checkin(w, { id: "K4", session: "OD-2", person: "Fa", at: "2026-06-10 10:00:00", ticket: "R6" });
  await checkin(w, { id: "K5", session: "OD-2", person: "Gu", at: "2026-06-10 10:01:00", ticket: "R7" });
  // OD-3: full (3 of 3 places), two on the waitlist, one cancelled
  await registration(w, { id: "R9", session: "OD-3", person: "Ann", at: "2026-10-01 09:00:00" });
  await registration(w, { id: "R10", session: "OD-3", person: "Bo", at: "2026-10-02 09:00:00" });
  await registration(w, { id: "R11", session: "OD-3", person: "Cy", at: "2026-10-03 09:00:00" });
  await registration(w, {
    id: "R12",
    session: "OD-3",
    person: "Di",
    at: "2026-10-04 09:00:00",
    status: "waitlisted",
  });
  await registration(w, {
    id: "R13",
    session: "OD-3",
    person: "Ed",
    at: "2026-10-05 09:00:00",
    status: "waitlisted",
  });
  await cancelled(w, {
    id: "R14",
    session: "OD-3",
    person: "Fa",
    at: "2026-10-06 09:00:00",
    on: "2026-10-20 09:00:00",
  });
  // TL-1: no trial lecture was ever held, so there is nothing to predict its turnout from
  await registration(w, { id: "R15", session: "TL-1", person: "Gu", at: "2026-11-01 09:00:00" });
}

describe("marts.mart_event_turnout, mart_upcoming_sessions: predicted turnout from what was known the day before", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await modelWarehouse();
    await fixture(warehouse);
    await runUpTo(warehouse, ["marts.mart_upcoming_sessions", "marts.mart_event_turnout_backtest"]);
  });
  afterEach(() => warehouse.close());

  it("upcoming sessions: capacity, confirmed, waitlisted, fill and the turnout predicted from every session held so far", async () => {
    expect(
      await warehouse.all(
        `SELECT session_id, event_type, session_date::VARCHAR AS session_date, as_of::VARCHAR AS as_of, capacity,
                confirmed, waitlisted, fill_num, fill_den, past_shows, past_confirmed, status, predicted_turnout,
                predicted_turnout_low, predicted_turnout_high
           FROM marts.mart_upcoming_sessions ORDER BY session_id`,
      ),
    ).toEqual([
      {
        session_id: "OD-3",
        event_type: "open_day",
        session_date: "2026-12-05",
        as_of: "2026-11-23",
        capacity: 3,
        confirmed: 3,
        waitlisted: 2,
        fill_num: 3,
        fill_den: 3,
        // OD-1: 2 of 3 came; OD-2: both of its confirmed (R6, R7; R8 cancelled) came
        past_shows: 4,
        past_confirmed: 5,
        status: "ok",
        predicted_turnout: 2.4, // 3 x 4/5
        // r = 4.5 / 6, variance 3 r (1 - r) (5 + 1 + 3) / (5 + 2) = 0.723: 2.4 -+ 1.67, outward, within 0..3
        predicted_turnout_low: 0,
        predicted_turnout_high: 3,
      },
      {
        session_id: "TL-1",
        event_type: "trial_lecture",
        session_date: "2026-12-10",
        as_of: "2026-11-23",
        capacity: 100,
        confirmed: 1,
        waitlisted: 0,
        fill_num: 1,
        fill_den: 100,
        past_shows: 0,
        past_confirmed: 0,
        status: "no_history",
        predicted_turnout: null,
        predicted_turnout_low: null,
        predicted_turnout_high: null,
      },
    ]);
  });

  it("held sessions: predicted the day before from the sessions held by then, and scored against who came", async () => {
    expect(
      await warehouse.all(
        `SELECT session_id, held, as_of::VARCHAR AS as_of, confirmed, waitlisted, past_shows, past_confirmed, status,
                predicted_turnout, predicted_turnout_low, predicted_turnout_high, turnout, covered
           FROM marts.mart_event_turnout WHERE held ORDER BY session_id`,
      ),
    ).toEqual([
      {
        session_id: "OD-1",
        held: true,
        as_of: "2026-03-09",
        confirmed: 3, // R4 was cancelled before
        waitlisted: 1,
        past_shows: 0,
        past_confirmed: 0,
        status: "no_history",
        predicted_turnout: null,
        predicted_turnout_low: null,
        predicted_turnout_high: null,
        turnout: 2, // the walk-in is not a confirmed registrant
        covered: null,
      },
      {
        session_id: "OD-2",
        held: true,
        as_of: "2026-06-09",
        confirmed: 2, // R6 and R8 (cancelled on the day); R7 registered on the day
        waitlisted: 0,
        past_shows: 2, // OD-1 only: OD-2's own check-ins were not known the day before
        past_confirmed: 3,
        status: "ok",
        predicted_turnout: 1.333333,
        predicted_turnout_low: 0,
        predicted_turnout_high: 2,
        turnout: 1, // R6 came, R8 did not; R7 came but was not confirmed the day before
        covered: true,
      },
    ]);
    expect(
      await warehouse.all(
        `SELECT scope, event_type, sessions, scored, covered, no_history, turnout_coverage_num, turnout_coverage_den
           FROM marts.mart_event_turnout_backtest WHERE event_type = 'all' ORDER BY scope`,
      ),
    ).toEqual([
      // OD-1 had no history; OD-2 was predicted and held
      {
        scope: "all",
        event_type: "all",
        sessions: 2,
        scored: 1,
        covered: 1,
        no_history: 1,
        turnout_coverage_num: 1,
        turnout_coverage_den: 1,
      },
      // HT2026's deadline (15 April 2026) fell in the year up to 23 November 2026: the last completed cycle
      {
        scope: "last_cycle",
        event_type: "all",
        sessions: 2,
        scored: 1,
        covered: 1,
        no_history: 1,
        turnout_coverage_num: 1,
        turnout_coverage_den: 1,
      },
    ]);
  });
});
