-- grain: one row per scope (last_cycle, all) x event type (open_day, trial_lecture, ..., and all): how often the
-- predicted turnout's 95% interval held the turnout of held sessions, each predicted the day before it from only
-- what was known then (marts.mart_event_turnout). last_cycle: the sessions of the intakes whose application deadline
-- (institution calendar) fell in the 365 days up to the reference date, the last completed admission cycle; all:
-- every held session. Only sessions with a confirmed registrant on that day are scored (a session without one is
-- held trivially); scored = those with a prediction, no_history = those without (no session of the type before).
-- turnout_coverage_num / _den: covered / scored. reference_date: the day the sessions after which are upcoming.
-- test: unique(scope, event_type)
-- test: not_null(scope, event_type, reference_date, sessions, scored, covered, no_history)
-- test: expect(covered <= scored AND scored + no_history = sessions AND turnout_coverage_num = covered AND turnout_coverage_den = scored)
WITH settings AS (
  SELECT reference_date FROM slm_settings
),

last_cycle AS (
  SELECT c.intake
  FROM slm_calendar AS c, settings AS t
  WHERE c.deadline > t.reference_date - INTERVAL 365 DAY AND c.deadline <= t.reference_date
),

held AS (
  SELECT
    event_type,
    status,
    covered,
    intake IN (SELECT intake FROM last_cycle) AS in_last_cycle
  FROM marts.mart_event_turnout
  WHERE held AND confirmed > 0
),

scoped AS (
  SELECT 'last_cycle' AS scope, coalesce(event_type, '(none)') AS event_type, status, covered FROM held WHERE in_last_cycle
  UNION ALL
  SELECT 'all', coalesce(event_type, '(none)'), status, covered FROM held
),

scopes AS (
  SELECT 'last_cycle' AS scope
  UNION ALL
  SELECT 'all'
),

counted AS (
  SELECT
    scope,
    coalesce(event_type, 'all') AS event_type,
    count(*)::BIGINT AS sessions,
    count(*) FILTER (WHERE status = 'ok')::BIGINT AS scored,
    count(*) FILTER (WHERE covered)::BIGINT AS covered,
    count(*) FILTER (WHERE status = 'no_history')::BIGINT AS no_history
  FROM scoped
  GROUP BY GROUPING SETS ((scope, event_type), (scope))
)

-- every scope has its 'all' row, also when it holds no session
SELECT
  s.scope,
  coalesce(c.event_type, 'all') AS event_type,
  (SELECT reference_date FROM settings) AS reference_date,
  coalesce(c.sessions, 0) AS sessions,
  coalesce(c.scored, 0) AS scored,
  coalesce(c.covered, 0) AS covered,
  coalesce(c.no_history, 0) AS no_history,
  coalesce(c.covered, 0) AS turnout_coverage_num,
  coalesce(c.scored, 0) AS turnout_coverage_den
FROM scopes AS s
LEFT JOIN counted AS c ON c.scope = s.scope
ORDER BY s.scope DESC, event_type = 'all', event_type
