-- grain: one row per cohort (programme_code x intake) x first_channel x country_group x stage x ordering
-- ('ordered' | 'any'), as of slm_settings.reference_date (later events ignored); first_channel and country_group
-- also 'all' (GROUPING SETS), so a partition's rows add up to the 'all' row. Beside each: the previous cycle's
-- cohort (same programme) measured on the same day of its cycle, aligned on days before the application deadline
-- (SE HT 15 Apr, VT 15 Oct; NL SEP 1 May, FEB 1 Dec).
-- A person belongs to one cohort per as-of date: their first application's highest-priority choice, else the
-- intake of their first open day / trial lecture (programme of the first inquiry), else the programme of the
-- first inquiry and the first intake whose deadline is on or after it. Events of other intakes are not counted.
-- next_step_conversion on stage k: ordered = reached k after k-1 / reached k-1 in order; any = reached k and k-1 /
-- reached k-1, where k-1 is the stage's previous_stage: the events are optional side paths, so trial_lecture and
-- application follow inquiry, open_day_attended follows open_day_registered (a walk-in is attended in 'any' only).
-- cumulative_conversion: ordered = reached k in order / inquirers; any = reached k / cohort persons.
-- test: unique(programme_code, intake, first_channel, country_group, stage, ordering)
-- test: accepted_values(ordering: ordered, any)
-- test: expect(coalesce(next_step_conversion_num <= next_step_conversion_den, stage = 'inquiry') AND cumulative_conversion_num <= cumulative_conversion_den)
WITH settings AS (
  SELECT reference_date AS as_of FROM slm_settings
),

events AS (
  SELECT e.*, regexp_extract(e.intake, '\d{4}')::INTEGER AS intake_year
  FROM core.fct_lifecycle_events AS e
),

intakes AS (
  SELECT DISTINCT intake, intake_year FROM events WHERE intake IS NOT NULL
),

deadlines AS (
  SELECT
    intake,
    CASE
      WHEN intake LIKE 'HT%' THEN make_date(intake_year, 4, 15)
      WHEN intake LIKE 'VT%' THEN make_date(intake_year - 1, 10, 15)
      WHEN intake LIKE '%-FEB' THEN make_date(intake_year - 1, 12, 1)
      ELSE make_date(intake_year, 5, 1)
    END AS deadline,
    CASE
      WHEN intake LIKE 'HT%' OR intake LIKE 'VT%' THEN left(intake, 2) || (intake_year - 1)::VARCHAR
      ELSE (intake_year - 1)::VARCHAR || right(intake, 4)
    END AS previous_intake
  FROM intakes
),

-- 'current': every cohort as of the reference date; 'aligned': a cohort measured as the next cycle's cohort
-- stands today, the same number of days before its own deadline
views AS (
  SELECT 'current' AS view, NULL::VARCHAR AS for_intake, as_of FROM settings
  UNION ALL
  SELECT 'aligned', p.intake, p.deadline - (c.deadline - s.as_of)::INTEGER
  FROM deadlines AS c
  JOIN deadlines AS p ON p.intake = c.previous_intake
  CROSS JOIN settings AS s
),

visible AS (
  SELECT v.view, v.for_intake, v.as_of, e.*
  FROM views AS v
  JOIN events AS e ON e.event_date <= v.as_of
),

cohort_candidates AS (
  SELECT
    view, for_intake, person_id, programme_code,
    intake, 1 AS preference, event_date, coalesce(priority, 99) AS priority, country_code
  FROM visible WHERE stage = 'application'
  UNION ALL
  SELECT
    s.view, s.for_intake, s.person_id,
    coalesce(s.programme_code, (SELECT arg_min(i.programme_code, i.event_at) FROM visible AS i
                                 WHERE i.view = s.view AND i.as_of = s.as_of AND i.person_id = s.person_id AND i.stage = 'inquiry')),
    s.intake, 2, s.event_date, 99, NULL
  FROM visible AS s WHERE s.stage IN ('open_day_registered', 'open_day_attended', 'trial_lecture')
  UNION ALL
  SELECT
    view, for_intake, person_id, programme_code,
    CASE
      WHEN regexp_full_match(programme_code, '\d{5}') THEN
        CASE WHEN event_date <= make_date(year(event_date), 5, 1) THEN year(event_date)::VARCHAR
             ELSE (year(event_date) + 1)::VARCHAR END || '-SEP'
      WHEN event_date <= make_date(year(event_date), 4, 15) THEN 'HT' || year(event_date)::VARCHAR
      WHEN event_date <= make_date(year(event_date), 10, 15) THEN 'VT' || (year(event_date) + 1)::VARCHAR
      ELSE 'HT' || (year(event_date) + 1)::VARCHAR
    END,
    3, event_date, 99, country_code
  FROM visible WHERE stage = 'inquiry'
),

cohorts AS (
  SELECT
    view, for_intake, person_id,
    arg_min(programme_code, (preference, event_date, priority)) AS programme_code,
    arg_min(intake, (preference, event_date, priority)) AS intake,
    arg_min(country_code, (preference, event_date, priority)) FILTER (WHERE country_code IS NOT NULL) AS country_code
  FROM cohort_candidates
  GROUP BY view, for_intake, person_id
),

persons AS (
  SELECT
    c.view, c.person_id, c.programme_code, c.intake,
    coalesce(
      (SELECT arg_min(i.channel, i.event_at) FROM visible AS i
        WHERE i.view = c.view AND i.for_intake IS NOT DISTINCT FROM c.for_intake AND i.person_id = c.person_id AND i.stage = 'inquiry'),
      'no_inquiry'
    ) AS first_channel,
    CASE
      WHEN c.country_code IS NULL THEN 'unknown'
      WHEN c.country_code = CASE WHEN c.intake LIKE 'HT%' OR c.intake LIKE 'VT%' THEN 'SE' ELSE 'NL' END THEN 'domestic'
      ELSE 'international'
    END AS country_group,
    c.for_intake
  FROM cohorts AS c
  WHERE c.view = 'current' OR c.intake = c.for_intake
),

stages AS (
  SELECT * FROM (VALUES
    ('inquiry', 1, NULL), ('open_day_registered', 2, 'inquiry'), ('open_day_attended', 3, 'open_day_registered'),
    ('trial_lecture', 4, 'inquiry'), ('application', 5, 'inquiry'), ('eligible', 6, 'application'),
    ('admitted', 7, 'eligible'), ('accepted', 8, 'admitted'), ('enrolled', 9, 'accepted'),
    ('first_year_progression', 10, 'enrolled'), ('graduated', 11, 'first_year_progression'),
    ('left', 11, 'enrolled'), ('alumni_registered', 12, 'graduated'), ('alumni_engaged', 13, 'alumni_registered')
  ) AS s(stage, stage_order, previous_stage)
),

-- every date a person reached each stage, within their cohort and the view's as-of date
reach AS (
  SELECT p.view, p.for_intake, p.person_id, e.stage, list(e.event_date) AS dates
  FROM persons AS p
  JOIN visible AS e
    ON e.view = p.view AND e.for_intake IS NOT DISTINCT FROM p.for_intake AND e.person_id = p.person_id
   AND (e.intake IS NULL OR e.intake = p.intake)
  WHERE e.stage IN (SELECT stage FROM stages)
  GROUP BY ALL
),

-- ordered: the first date of stage k on or after the ordered date of stage k-1
ordered AS (
  WITH RECURSIVE chain(view, for_intake, person_id, stage, reached_on) AS (
    SELECT view, for_intake, person_id, stage, list_min(dates) FROM reach WHERE stage = 'inquiry'
    UNION ALL
    SELECT r.view, r.for_intake, r.person_id, r.stage, list_min(list_filter(r.dates, d -> d >= c.reached_on))
    FROM chain AS c
    JOIN stages AS s ON s.previous_stage = c.stage
    JOIN reach AS r
      ON r.view = c.view AND r.for_intake IS NOT DISTINCT FROM c.for_intake AND r.person_id = c.person_id
     AND r.stage = s.stage
    WHERE c.reached_on IS NOT NULL
  )
  SELECT * FROM chain WHERE reached_on IS NOT NULL
),

flags AS (
  SELECT
    p.view, p.for_intake, p.programme_code, p.intake, p.first_channel, p.country_group, p.person_id,
    s.stage, s.stage_order, s.previous_stage, o.ordering,
    CASE o.ordering WHEN 'ordered' THEN ok.reached_on IS NOT NULL ELSE rk.person_id IS NOT NULL END AS reached,
    CASE o.ordering WHEN 'ordered' THEN op.reached_on IS NOT NULL ELSE rp.person_id IS NOT NULL END AS reached_previous,
    CASE o.ordering WHEN 'ordered' THEN o1.reached_on IS NOT NULL ELSE TRUE END AS entered
  FROM persons AS p
  CROSS JOIN stages AS s
  CROSS JOIN (VALUES ('ordered'), ('any')) AS o(ordering)
  LEFT JOIN reach AS rk ON rk.view = p.view AND rk.for_intake IS NOT DISTINCT FROM p.for_intake AND rk.person_id = p.person_id AND rk.stage = s.stage
  LEFT JOIN reach AS rp ON rp.view = p.view AND rp.for_intake IS NOT DISTINCT FROM p.for_intake AND rp.person_id = p.person_id AND rp.stage = s.previous_stage
  LEFT JOIN ordered AS ok ON ok.view = p.view AND ok.for_intake IS NOT DISTINCT FROM p.for_intake AND ok.person_id = p.person_id AND ok.stage = s.stage
  LEFT JOIN ordered AS op ON op.view = p.view AND op.for_intake IS NOT DISTINCT FROM p.for_intake AND op.person_id = p.person_id AND op.stage = s.previous_stage
  LEFT JOIN ordered AS o1 ON o1.view = p.view AND o1.for_intake IS NOT DISTINCT FROM p.for_intake AND o1.person_id = p.person_id AND o1.stage = 'inquiry'
),

counts AS (
  SELECT
    view, programme_code, intake,
    CASE WHEN grouping(first_channel) = 1 THEN 'all' ELSE first_channel END AS first_channel,
    CASE WHEN grouping(country_group) = 1 THEN 'all' ELSE country_group END AS country_group,
    stage, stage_order, ordering,
    count(*) FILTER (WHERE reached)::BIGINT AS persons,
    CASE WHEN stage = 'inquiry' THEN NULL ELSE count(*) FILTER (WHERE reached AND reached_previous)::BIGINT END AS next_step_conversion_num,
    CASE WHEN stage = 'inquiry' THEN NULL ELSE count(*) FILTER (WHERE reached_previous)::BIGINT END AS next_step_conversion_den,
    count(*) FILTER (WHERE reached AND entered)::BIGINT AS cumulative_conversion_num,
    count(*) FILTER (WHERE entered)::BIGINT AS cumulative_conversion_den
  FROM flags
  GROUP BY GROUPING SETS (
    (view, programme_code, intake, stage, stage_order, ordering, first_channel, country_group),
    (view, programme_code, intake, stage, stage_order, ordering, first_channel),
    (view, programme_code, intake, stage, stage_order, ordering, country_group),
    (view, programme_code, intake, stage, stage_order, ordering)
  )
)

SELECT
  s.as_of,
  c.programme_code,
  c.intake,
  c.first_channel,
  c.country_group,
  c.stage,
  c.stage_order,
  st.previous_stage,
  c.ordering,
  c.persons,
  c.next_step_conversion_num,
  c.next_step_conversion_den,
  wilson_low(c.next_step_conversion_num, c.next_step_conversion_den) AS next_step_conversion_low,
  wilson_high(c.next_step_conversion_num, c.next_step_conversion_den) AS next_step_conversion_high,
  c.cumulative_conversion_num,
  c.cumulative_conversion_den,
  wilson_low(c.cumulative_conversion_num, c.cumulative_conversion_den) AS cumulative_conversion_low,
  wilson_high(c.cumulative_conversion_num, c.cumulative_conversion_den) AS cumulative_conversion_high,
  d.previous_intake,
  v.as_of AS previous_as_of,
  p.persons AS previous_persons,
  p.next_step_conversion_num AS previous_next_step_conversion_num,
  p.next_step_conversion_den AS previous_next_step_conversion_den,
  p.cumulative_conversion_num AS previous_cumulative_conversion_num,
  p.cumulative_conversion_den AS previous_cumulative_conversion_den
FROM counts AS c
CROSS JOIN settings AS s
JOIN stages AS st ON st.stage = c.stage
LEFT JOIN deadlines AS d ON d.intake = c.intake
LEFT JOIN views AS v ON v.view = 'aligned' AND v.for_intake = d.previous_intake
LEFT JOIN counts AS p
  ON p.view = 'aligned' AND p.intake = d.previous_intake AND p.programme_code IS NOT DISTINCT FROM c.programme_code
 AND p.first_channel = c.first_channel AND p.country_group = c.country_group AND p.stage = c.stage AND p.ordering = c.ordering
WHERE c.view = 'current'
ORDER BY c.intake, c.programme_code, c.first_channel, c.country_group, c.ordering, c.stage_order, c.stage
