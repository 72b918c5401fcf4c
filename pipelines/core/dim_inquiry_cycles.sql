-- grain: one row per cycle key (core.dim_programme_systems.cycle_key, and 'default' for a programme no source names
-- with an intake: calendar.defaultSystem with every term of it taking inquiries) x day: the intake whose cycle an
-- inquiry about such a programme that day belongs to. That is the first intake the programme runs (its
-- inquiry_terms) whose deadline is on or after the day, the first label on a tie: so an August inquiry about a
-- programme with autumn intakes only belongs to the next autumn intake, not to the spring intake whose deadline comes
-- first. A cycle opens the day after the previous deadline of its key (365 days before its own, for the first). A row
-- per day, so a model finds it by an equi-join: an ASOF join against so small a table ran as a nested loop.
-- test: unique(cycle_key, on_date)
-- test: not_null(cycle_key, on_date, intake)
WITH keys AS (
  SELECT DISTINCT cycle_key, system, inquiry_terms FROM core.dim_programme_systems
  UNION ALL
  SELECT 'default', s.system, list(DISTINCT c.term ORDER BY c.term)
  FROM slm_calendar_systems AS s
  JOIN slm_calendar AS c ON c.system = s.system AND c.inquiries
  WHERE s.is_default
  GROUP BY ALL
),

offered AS (
  SELECT k.cycle_key, min(c.intake) AS intake, c.deadline
  FROM keys AS k
  JOIN slm_calendar AS c ON c.system = k.system AND c.inquiries AND list_contains(k.inquiry_terms, c.term)
  GROUP BY k.cycle_key, c.deadline
),

spans AS (
  SELECT
    cycle_key, intake, deadline,
    coalesce(lag(deadline) OVER (PARTITION BY cycle_key ORDER BY deadline) + 1, deadline - 365) AS opens
  FROM offered
)

SELECT cycle_key, unnest(generate_series(opens, deadline, INTERVAL 1 DAY))::DATE AS on_date, intake
FROM spans
