-- grain: one row per event session (session_id): its turnout predicted as of one day (as_of) from only what was
-- known that day: the reference date for a session after it (upcoming), the day before the session for one held on
-- or before it (the backtest). confirmed: registrations made by as_of and not cancelled by then; predicted_turnout =
-- confirmed x the event type's show rate over the sessions held by as_of (past_shows / past_confirmed: confirmed
-- registrants checked in with their ticket / confirmed registrants, cancellations and the waitlist excluded, so
-- 1 - the open-day no-show rate), with its 95% interval (predicted_turnout_low .. _high: metrics/turnout.ts).
-- status: ok, or no_history where no session of the type with a confirmed registrant was held by as_of (then no
-- prediction). A held session's turnout is its confirmed-on-as_of registrants who checked in (walk-ins come on
-- top), and covered whether the interval held it. Sessions, not persons: nothing here needs identity.
-- test: unique(session_id)
-- test: not_null(session_id, session_date, as_of, held, confirmed, waitlisted, status)
-- test: accepted_values(status: ok, no_history)
-- test: expect(status = 'no_history' OR (past_shows <= past_confirmed AND predicted_turnout_low <= predicted_turnout AND predicted_turnout <= predicted_turnout_high AND predicted_turnout_high <= confirmed))
-- test: expect(held OR (turnout IS NULL AND covered IS NULL))
WITH settings AS (
  SELECT reference_date FROM slm_settings
),

sessions AS (
  SELECT
    s.session_id,
    s.event_type,
    s.intake,
    s.programme_code,
    s.starts_at,
    s.capacity,
    s.starts_at::DATE AS session_date,
    s.starts_at::DATE <= t.reference_date AS held,
    CASE WHEN s.starts_at::DATE <= t.reference_date THEN s.starts_at::DATE - 1 ELSE t.reference_date END AS as_of
  FROM staging.stg_crm__event_sessions AS s, settings AS t
  WHERE s.starts_at IS NOT NULL
),

showed AS (
  SELECT DISTINCT registration_id FROM staging.stg_checkin__checkins WHERE registration_id IS NOT NULL
),

registrations AS (
  SELECT
    r.session_id,
    r.status,
    r.registered_at,
    r.cancelled_at,
    r.registration_id IN (SELECT registration_id FROM showed) AS showed
  FROM staging.stg_crm__event_registrations AS r
),

-- the show rate's ingredients per held session, as its final statuses say (as the no-show rate counts them)
session_shows AS (
  SELECT
    session_id,
    count(*) FILTER (WHERE status = 'confirmed')::BIGINT AS confirmed,
    count(*) FILTER (WHERE status = 'confirmed' AND showed)::BIGINT AS shows
  FROM registrations
  GROUP BY session_id
),

history AS (
  SELECT
    s.session_id,
    coalesce(sum(c.shows), 0)::BIGINT AS past_shows,
    coalesce(sum(c.confirmed), 0)::BIGINT AS past_confirmed
  FROM sessions AS s
  LEFT JOIN sessions AS h ON h.event_type IS NOT DISTINCT FROM s.event_type AND h.session_date <= s.as_of
  LEFT JOIN session_shows AS c ON c.session_id = h.session_id
  GROUP BY s.session_id
),

-- each session's registrations as they stood at the end of its as_of day
as_of_registrations AS (
  SELECT
    s.session_id,
    count(*) FILTER (
      WHERE r.status = 'confirmed' OR (r.status = 'cancelled' AND r.cancelled_at::DATE > s.as_of)
    )::BIGINT AS confirmed,
    count(*) FILTER (WHERE r.status = 'waitlisted')::BIGINT AS waitlisted,
    count(*) FILTER (
      WHERE (r.status = 'confirmed' OR (r.status = 'cancelled' AND r.cancelled_at::DATE > s.as_of)) AND r.showed
    )::BIGINT AS shows
  FROM sessions AS s
  JOIN registrations AS r ON r.session_id = s.session_id AND coalesce(r.registered_at::DATE <= s.as_of, TRUE)
  GROUP BY s.session_id
),

predicted AS (
  SELECT
    s.*,
    coalesce(a.confirmed, 0) AS confirmed,
    coalesce(a.waitlisted, 0) AS waitlisted,
    a.shows,
    h.past_shows,
    h.past_confirmed,
    CASE WHEN h.past_confirmed > 0 THEN 'ok' ELSE 'no_history' END AS status
  FROM sessions AS s
  JOIN history AS h USING (session_id)
  LEFT JOIN as_of_registrations AS a USING (session_id)
)

SELECT
  session_id,
  event_type,
  intake,
  programme_code,
  starts_at,
  session_date,
  capacity,
  held,
  as_of,
  confirmed,
  waitlisted,
  past_shows,
  past_confirmed,
  status,
  round(turnout_predicted(confirmed, past_shows, past_confirmed), 6) AS predicted_turnout,
  turnout_low(confirmed, past_shows, past_confirmed) AS predicted_turnout_low,
  turnout_high(confirmed, past_shows, past_confirmed) AS predicted_turnout_high,
  CASE WHEN held THEN coalesce(shows, 0) END AS turnout,
  CASE
    WHEN held AND status = 'ok'
      THEN coalesce(shows, 0) BETWEEN turnout_low(confirmed, past_shows, past_confirmed)
        AND turnout_high(confirmed, past_shows, past_confirmed)
  END AS covered
FROM predicted
ORDER BY starts_at, session_id
