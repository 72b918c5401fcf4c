-- grain: one row per cohort (programme_code x intake) x last_channel x stage ('application', 'enrolled'), as of
-- slm_settings.reference_date (later events ignored). The cohorts are the funnel's (marts.mart_funnel_by_cohort, its
-- 'current' view; the rule is repeated below): a person's first application's highest-priority choice, else the
-- intake of their first open day / trial lecture (programme of the first inquiry), else the programme of the first
-- inquiry and its cycle's intake (core.int_inquiry_intakes). So a channel's persons here and under its first channel
-- there are the same cohorts, cut another way, and the rows of an intake add up to the funnel's cohort persons.
-- last_channel (DESIGN §6, the metric registry's last_channel_conversion): the channel of the person's last inquiry
-- on or before their first application for the cohort's intake; for one who had not applied by the reference date,
-- of their last inquiry on or before the intake's application deadline (slm_calendar.deadline), so an inquiry
-- about a later cycle does not count. Inquiries at the same moment: the highest channel, as mart_attribution's last
-- touch. 'no_inquiry' when there was none: applied without inquiring first.
-- last_channel_conversion on a stage: persons of the row who reached the stage for the cohort's intake (in any
-- order, as the funnel's 'any' ordering) / persons of the row. data_status as the funnel's: 'no_source' when no
-- source delivers the stage, 'not_yet_observable' while its observation window is open (enrolled before the census);
-- then both figures are NULL, never 0.
-- test: unique(programme_code, intake, last_channel, stage)
-- test: not_null(last_channel, stage, data_status)
-- test: accepted_values(stage: application, enrolled)
-- test: accepted_values(data_status: ok, no_source, not_yet_observable)
-- test: expect((last_channel_conversion_den IS NULL) = (data_status <> 'ok'))
-- test: expect(coalesce(last_channel_conversion_num <= last_channel_conversion_den, last_channel_conversion_num IS NULL))
WITH settings AS (
  SELECT reference_date AS as_of FROM slm_settings
),

-- An inquiry names no intake: cycle_intake is the intake whose cycle its date falls in (NULL on other events).
events AS (
  SELECT e.*, i.cycle_intake
  FROM core.fct_lifecycle_events AS e
  LEFT JOIN core.int_inquiry_intakes AS i USING (event_id)
  WHERE e.event_date <= (SELECT as_of FROM settings)
),

-- the first inquiry's programme, for a cohort made from an open day naming none (the funnel's first_inquiry, with
-- the same tie-break: one key, the smallest row taken whole)
first_inquiry AS (
  SELECT person_id, first.programme_code
  FROM (
    SELECT person_id, min({'event_at': event_at, 'programme_code': programme_code, 'channel': channel}) AS first
    FROM events
    WHERE stage = 'inquiry'
    GROUP BY ALL
  )
),

cohort_candidates AS (
  SELECT person_id, programme_code, intake, 1 AS preference, event_date, coalesce(priority, 99) AS priority, country_code
  FROM events WHERE stage = 'application'
  UNION ALL
  SELECT s.person_id, coalesce(s.programme_code, i.programme_code), s.intake, 2, s.event_date, 99, NULL
  FROM events AS s
  LEFT JOIN first_inquiry AS i USING (person_id)
  WHERE s.stage IN ('open_day_registered', 'open_day_attended', 'trial_lecture')
  UNION ALL
  SELECT person_id, programme_code, cycle_intake, 3, event_date, 99, country_code
  FROM events WHERE stage = 'inquiry'
),

-- the funnel's tie-break (preference, date, priority, intake, programme, country), so every person lands in the
-- cohort the funnel puts them in
cohorts AS (
  SELECT person_id, first.programme_code, first.intake
  FROM (
    SELECT
      person_id,
      min({'preference': preference, 'event_date': event_date, 'priority': priority, 'intake': intake,
           'programme_code': programme_code, 'country_code': country_code}) AS first
    FROM cohort_candidates
    GROUP BY person_id
  )
),

-- what the person reached for the cohort's intake (an event naming another intake is another cohort's), and when
-- they first applied for it
reached AS (
  SELECT
    c.person_id, c.programme_code, c.intake,
    min(e.event_at) FILTER (WHERE e.stage = 'application' AND (e.intake IS NULL OR e.intake = c.intake)) AS applied_at,
    coalesce(bool_or(e.stage = 'enrolled' AND (e.intake IS NULL OR e.intake = c.intake)), FALSE) AS enrolled
  FROM cohorts AS c
  -- the intake test is in the aggregates, not the join: an OR in a join condition makes it a nested loop
  LEFT JOIN (SELECT person_id, stage, intake, event_at FROM events WHERE stage IN ('application', 'enrolled')) AS e
    ON e.person_id = c.person_id
  GROUP BY ALL
),

-- the inquiry the last channel is read from: the last one up to applying, or up to the deadline for a person who
-- has not applied (no deadline in the calendar: up to the reference date); the largest row taken whole, so a tie
-- on the moment falls to the highest channel on every run
-- (the cut-off as a column before the join, never a subquery inside the join condition)
inquiry_cutoffs AS (
  SELECT r.person_id, r.applied_at, coalesce(d.deadline, s.as_of) AS deadline
  FROM reached AS r
  LEFT JOIN slm_calendar AS d ON d.intake = r.intake
  CROSS JOIN settings AS s
),

last_inquiry AS (
  SELECT r.person_id, max({'event_at': t.event_at, 'channel': coalesce(t.channel, 'unknown')}).channel AS channel
  FROM inquiry_cutoffs AS r
  JOIN events AS t ON t.person_id = r.person_id AND t.stage = 'inquiry'
  WHERE CASE WHEN r.applied_at IS NOT NULL THEN t.event_at <= r.applied_at ELSE t.event_date <= r.deadline END
  GROUP BY r.person_id
),

counts AS (
  SELECT
    r.programme_code, r.intake, coalesce(l.channel, 'no_inquiry') AS last_channel, s.stage,
    count(*) FILTER (WHERE CASE s.stage WHEN 'application' THEN r.applied_at IS NOT NULL ELSE r.enrolled END)::BIGINT
      AS num,
    count(*)::BIGINT AS den
  FROM reached AS r
  LEFT JOIN last_inquiry AS l USING (person_id)
  CROSS JOIN (VALUES ('application'), ('enrolled')) AS s(stage)
  GROUP BY ALL
),

-- the funnel's status of a stage for an intake: no source, or its observation window (core.dim_outcome_windows) open
stage_status AS (
  SELECT
    i.intake, s.stage,
    observed_status(s.data_status, w.observable) AS data_status
  FROM (SELECT DISTINCT intake FROM counts) AS i
  CROSS JOIN marts.mart_funnel_stages AS s
  LEFT JOIN (SELECT intake, unnest(stages) AS stage, observable FROM core.dim_outcome_windows) AS w
    ON w.intake = i.intake AND w.stage = s.stage
  WHERE s.stage IN ('application', 'enrolled')
),

-- a figure of a stage no source delivers, or not yet observable, is unknown: NULL, never 0
figures AS (
  SELECT
    c.programme_code, c.intake, c.last_channel, c.stage, st.data_status,
    CASE WHEN st.data_status = 'ok' THEN c.num END AS num,
    CASE WHEN st.data_status = 'ok' THEN c.den END AS den
  FROM counts AS c
  JOIN stage_status AS st ON st.intake IS NOT DISTINCT FROM c.intake AND st.stage = c.stage
)

SELECT
  s.as_of,
  f.programme_code,
  f.intake,
  f.last_channel,
  f.stage,
  f.data_status,
  f.num AS last_channel_conversion_num,
  f.den AS last_channel_conversion_den,
  wilson_low(f.num, f.den) AS last_channel_conversion_low,
  wilson_high(f.num, f.den) AS last_channel_conversion_high
FROM figures AS f
CROSS JOIN settings AS s
ORDER BY f.intake, f.programme_code, f.last_channel, f.stage
