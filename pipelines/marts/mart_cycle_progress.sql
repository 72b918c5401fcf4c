-- grain: one row per intake x stage x weeks_to_deadline (whole weeks from the day measured to the intake's
-- application deadline in the institution calendar, slm_calendar, 52 before to 26 after): persons who had reached the
-- stage for that intake by that day, and beside it the calendar's previous intake (HT2025 for HT2026) the same number
-- of weeks before its own deadline. Days after the reference date are not yet known: their persons are NULL. An
-- inquiry counts for the intake of its admission cycle: the first intake its programme runs whose deadline is on or
-- after it (core.dim_inquiry_cycles: the programme's terms known from data, else calendar.defaultSystem's); other
-- stages carry their intake. An intake the calendar does not know has no deadline and no rows. A stage an
-- observation window of the metric registry governs (core.dim_outcome_windows: enrolled, at the census) is not
-- known before that window closes either: a day before it has NULL persons, not the 0 nobody could yet exceed.
-- test: unique(intake, stage, weeks_to_deadline)
-- test: expect(persons IS NULL OR persons >= 0)
WITH settings AS (
  SELECT reference_date AS as_of FROM slm_settings
),

events AS (
  SELECT person_id, stage, event_date, intake
  FROM core.fct_lifecycle_events
  WHERE stage IN ('open_day_attended', 'application', 'admitted', 'enrolled')
  UNION ALL
  SELECT e.person_id, e.stage, e.event_date, coalesce(e.intake, i.cycle_intake) AS intake
  FROM core.fct_lifecycle_events AS e
  JOIN core.int_inquiry_intakes AS i USING (event_id)
),

first_reached AS (
  SELECT intake, stage, person_id, min(event_date) AS reached_on
  FROM events
  WHERE intake IS NOT NULL
  GROUP BY ALL
),

deadlines AS (
  SELECT c.intake, c.deadline, c.previous_intake
  FROM (SELECT DISTINCT intake FROM first_reached) AS i
  JOIN slm_calendar AS c USING (intake)
),

-- a person reached the stage by the day `w` weeks before the deadline when their week is >= w; reaching it
-- before the window opens counts in every week of it
buckets AS (
  SELECT f.intake, f.stage, least(floor((d.deadline - f.reached_on) / 7), 52)::INTEGER AS week, count(*) AS persons
  FROM first_reached AS f
  JOIN deadlines AS d USING (intake)
  GROUP BY ALL
),

-- the day each governed stage of an intake becomes observable
observable_from AS (
  SELECT intake, stage, max(closes_on) AS closes_on
  FROM (SELECT intake, unnest(stages) AS stage, closes_on FROM core.dim_outcome_windows)
  GROUP BY ALL
),

grid AS (
  SELECT d.intake, d.previous_intake, s.stage, w.weeks_to_deadline,
         d.deadline - 7 * w.weeks_to_deadline AS measured_on,
         st.as_of, o.closes_on AS observable_from
  FROM deadlines AS d
  CROSS JOIN settings AS st
  CROSS JOIN (SELECT DISTINCT stage FROM first_reached) AS s
  CROSS JOIN (SELECT unnest(range(-26, 53))::INTEGER AS weeks_to_deadline) AS w
  LEFT JOIN observable_from AS o ON o.intake = d.intake AND o.stage = s.stage
),

progress AS (
  SELECT
    g.intake,
    g.previous_intake,
    g.stage,
    g.weeks_to_deadline,
    g.measured_on,
    CASE
      WHEN g.measured_on <= g.as_of AND (g.observable_from IS NULL OR g.measured_on >= g.observable_from)
        THEN coalesce(sum(b.persons), 0)::BIGINT
    END AS persons
  FROM grid AS g
  LEFT JOIN buckets AS b
    ON b.intake = g.intake AND b.stage = g.stage AND b.week >= g.weeks_to_deadline
  GROUP BY g.intake, g.previous_intake, g.stage, g.weeks_to_deadline, g.measured_on, g.as_of, g.observable_from
)

SELECT
  p.intake,
  p.stage,
  p.weeks_to_deadline,
  p.measured_on,
  p.persons,
  p.previous_intake,
  q.persons AS previous_persons
FROM progress AS p
LEFT JOIN progress AS q
  ON q.intake = p.previous_intake AND q.stage = p.stage AND q.weeks_to_deadline = p.weeks_to_deadline
ORDER BY p.intake, p.stage, p.weeks_to_deadline DESC
