import { counts, definePublishTable } from "../disclosure/index.ts";

/**
 * Open days and trial lectures held so far: capacity, registrations, cancellations, confirmed places,
 * check-ins (walk-ins among them) and no-shows per session, with the no-show rate; totals per event type
 * and intake are published too, so they are protected together with the session cells.
 */
export default definePublishTable({
  name: "pub_open_days_by_session",
  grain:
    "one row per event session (and the total per event type x intake): registrations and check-ins after disclosure control",
  source: `SELECT event_type, intake, strftime(starts_at, '%Y-%m-%d') AS session_date, session_id,
                  capacity, registrations, cancellations, confirmed, checkins, walk_ins,
                  open_day_no_show_rate_num AS no_shows
             FROM marts.mart_open_days_by_session
            WHERE intake IS NOT NULL`,
  dimensions: ["event_type", "intake", "session_date", "session_id"],
  margins: [["event_type", "intake"]],
  totals: "sum",
  measures: [
    ...counts("capacity", "registrations", "cancellations", "confirmed", "checkins", "walk_ins", "no_shows"),
    { kind: "rate", name: "open_day_no_show_rate", numerator: "no_shows", denominator: "confirmed" },
  ],
});
