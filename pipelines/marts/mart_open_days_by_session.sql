-- grain: one row per event session (session_id): open days and trial lectures with capacity, registrations,
-- cancellations, confirmed, waitlisted, check-ins (ticketed and walk-in) and the no-show rate
-- (open_day_no_show_rate = confirmed registrations never checked in / confirmed registrations; cancellations and
-- the waitlist are excluded from both). Session facts come from the CRM and check-in staging models: they
-- describe sessions, not persons, so nothing here needs identity.
-- test: unique(session_id)
-- test: expect(open_day_no_show_rate_num <= open_day_no_show_rate_den AND walk_ins <= checkins)
WITH sessions AS (
  SELECT s.*
  FROM staging.stg_crm__event_sessions AS s, slm_settings AS t
  WHERE s.starts_at::DATE <= t.reference_date
),

checkins AS (
  SELECT session_id, registration_id, walk_in FROM staging.stg_checkin__checkins
),

registrations AS (
  SELECT
    r.session_id,
    count(*)::BIGINT AS registrations,
    count(*) FILTER (WHERE r.status = 'cancelled')::BIGINT AS cancellations,
    count(*) FILTER (WHERE r.status = 'waitlisted')::BIGINT AS waitlisted,
    count(*) FILTER (WHERE r.status = 'confirmed')::BIGINT AS confirmed,
    count(*) FILTER (
      WHERE r.status = 'confirmed'
        AND NOT EXISTS (SELECT 1 FROM checkins AS k WHERE k.registration_id = r.registration_id)
    )::BIGINT AS no_shows
  FROM staging.stg_crm__event_registrations AS r
  GROUP BY r.session_id
),

attendance AS (
  SELECT
    session_id,
    count(*)::BIGINT AS checkins,
    count(*) FILTER (WHERE walk_in)::BIGINT AS walk_ins
  FROM checkins
  GROUP BY session_id
)

SELECT
  s.session_id,
  s.event_type,
  s.intake,
  s.programme_code,
  s.starts_at,
  s.capacity,
  coalesce(r.registrations, 0) AS registrations,
  coalesce(r.cancellations, 0) AS cancellations,
  coalesce(r.waitlisted, 0) AS waitlisted,
  coalesce(r.confirmed, 0) AS confirmed,
  coalesce(a.checkins, 0) AS checkins,
  coalesce(a.walk_ins, 0) AS walk_ins,
  coalesce(r.no_shows, 0) AS open_day_no_show_rate_num,
  coalesce(r.confirmed, 0) AS open_day_no_show_rate_den,
  wilson_low(coalesce(r.no_shows, 0), coalesce(r.confirmed, 0)) AS open_day_no_show_rate_low,
  wilson_high(coalesce(r.no_shows, 0), coalesce(r.confirmed, 0)) AS open_day_no_show_rate_high
FROM sessions AS s
LEFT JOIN registrations AS r USING (session_id)
LEFT JOIN attendance AS a USING (session_id)
ORDER BY s.starts_at, s.session_id
