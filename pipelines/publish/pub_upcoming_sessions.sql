-- grain: one row per event session after the reference date (marts.mart_upcoming_sessions): capacity, confirmed and
-- waitlisted registrations, fill, the event type's past no-show rate and the predicted turnout with its 95% interval.
-- Upcoming sessions share no cell with pub_open_days_by_session (held sessions only) and carry no totals, so each
-- count is disclosed on its own (rounded, under the minimum suppressed). Fill, the show rate and the predicted
-- turnout are computed from the published counts (the rounded confirmed, the rounded past no-shows and confirmed), so
-- they tell nothing the counts beside them do not; a prediction whose counts are suppressed is withheld
-- (predicted_turnout_suppressed).
WITH s AS (
  SELECT
    *,
    disclosed_count(capacity) AS capacity_shown,
    disclosed_count(confirmed) AS confirmed_shown,
    disclosed_count(waitlisted) AS waitlisted_shown,
    NOT rate_suppressed(past_confirmed - past_shows, past_confirmed) AS rate_shown
  FROM marts.mart_upcoming_sessions
),

shown AS (
  SELECT
    *,
    status = 'ok' AND confirmed_shown IS NOT NULL AND rate_shown AS prediction_shown,
    -- the show rate as 1 - the published no-show rate
    rounded_count(past_confirmed) - rounded_count(past_confirmed - past_shows) AS shows_shown,
    rounded_count(past_confirmed) AS past_shown
  FROM s
)

SELECT
  event_type,
  intake,
  strftime(session_date, '%Y-%m-%d') AS session_date,
  session_id,
  programme_code,
  capacity_shown AS capacity,
  capacity IS NOT NULL AND capacity_shown IS NULL AS capacity_suppressed,
  confirmed_shown AS confirmed,
  confirmed_shown IS NULL AS confirmed_suppressed,
  waitlisted_shown AS waitlisted,
  waitlisted_shown IS NULL AS waitlisted_suppressed,
  CASE WHEN capacity_shown > 0 AND confirmed_shown IS NOT NULL THEN round(confirmed_shown / capacity_shown, 4) END AS fill_rate,
  capacity IS NOT NULL AND (capacity_shown IS NULL OR confirmed_shown IS NULL) AS fill_rate_suppressed,
  CASE WHEN rate_shown THEN disclosed_count(past_confirmed) END AS past_confirmed,
  disclosed_rate(past_confirmed - past_shows, past_confirmed) AS past_no_show_rate,
  status = 'ok' AND NOT rate_shown AS past_no_show_rate_suppressed,
  status,
  CASE WHEN prediction_shown THEN round(turnout_predicted(confirmed_shown, shows_shown, past_shown)) END AS predicted_turnout,
  CASE WHEN prediction_shown THEN turnout_low(confirmed_shown, shows_shown, past_shown) END AS predicted_turnout_low,
  CASE WHEN prediction_shown THEN turnout_high(confirmed_shown, shows_shown, past_shown) END AS predicted_turnout_high,
  status = 'ok' AND NOT prediction_shown AS predicted_turnout_suppressed
FROM shown
ORDER BY session_date, event_type, session_id
