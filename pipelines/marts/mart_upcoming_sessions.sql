-- grain: one row per event session after the reference date (session_id): open days and trial lectures still to
-- come, with their capacity, the registrations confirmed and waitlisted on the reference date, fill (confirmed /
-- capacity as fill_num / fill_den) and the predicted turnout of those confirmed with its 95% interval
-- (marts.mart_event_turnout as of the reference date: confirmed x the event type's show rate over every session
-- held so far). status no_history: no session of the type held yet, so no prediction. Registrations still to come
-- are not forecast.
-- test: unique(session_id)
-- test: not_null(session_id, event_type, session_date, confirmed, waitlisted, status)
-- test: accepted_values(status: ok, no_history)
-- test: expect(fill_num = confirmed AND (fill_den IS NULL OR fill_den = capacity))
SELECT
  session_id,
  event_type,
  intake,
  programme_code,
  starts_at,
  session_date,
  as_of,
  capacity,
  confirmed,
  waitlisted,
  confirmed AS fill_num,
  capacity AS fill_den,
  past_shows,
  past_confirmed,
  status,
  predicted_turnout,
  predicted_turnout_low,
  predicted_turnout_high
FROM marts.mart_event_turnout
WHERE NOT held
ORDER BY starts_at, session_id
