-- grain: one row per cohort (programme_code x intake) x first_channel x country_group x stage x ordering
-- ('ordered' | 'any'), as of slm_settings.reference_date (later events ignored); first_channel and country_group
-- also 'all' (GROUPING SETS), so a partition's rows add up to the 'all' row. Beside each: the previous cycle's
-- cohort (same programme) measured on the same day of its cycle, aligned on days before the application deadline
-- (the institution calendar's, slm_calendar: by default SE HT 15 Apr, VT 15 Oct; NL SEP 1 May, FEB 1 Dec).
-- A person belongs to one cohort per as-of date: their first application's highest-priority choice, else the
-- intake of their first open day / trial lecture (programme of the first inquiry), else the programme of the
-- first inquiry and the first intake that programme runs whose deadline is on or after it (core.dim_inquiry_cycles:
-- the terms the data shows the programme with, else calendar.defaultSystem's). Events of other intakes are not
-- counted. country_group: 'domestic' when the cohort's country_code is its intake's country in the calendar.
-- The funnel starts at the entry stage (funnel.entryStage, default inquiry; stages, their previous stages and which
-- have a source: marts.mart_funnel_stages). The ordered funnel starts there: stages before it have no 'ordered' rows.
-- next_step_conversion on stage k: ordered = reached k after k-1 / reached k-1 in order; any = reached k and k-1 /
-- reached k-1, where k-1 is the stage's previous_stage in that ordering (a walk-in is attended in 'any' only).
-- cumulative_conversion: ordered = reached k in order / reached the entry stage; any = reached k / cohort persons
-- who reached the entry stage or a later one (with entry inquiry: every cohort person).
-- A stage no source delivers (data_status 'no_source') has NULL figures, never 0; so has the next step after it,
-- and the whole ordered cumulative conversion when the entry stage has no source. So has a stage that cannot have
-- happened yet for the intake (data_status 'not_yet_observable': its observation window in the metric registry,
-- core.dim_outcome_windows, had not closed on the as-of date), e.g. first-year progression of this autumn's intake.
-- test: unique(programme_code, intake, first_channel, country_group, stage, ordering)
-- test: accepted_values(ordering: ordered, any)
-- test: accepted_values(data_status: ok, no_source, not_yet_observable)
-- test: expect((persons IS NULL) = (data_status <> 'ok'))
-- test: expect(coalesce(next_step_conversion_num <= next_step_conversion_den, next_step_conversion_num IS NULL AND next_step_conversion_den IS NULL))
-- test: expect(coalesce(cumulative_conversion_num <= cumulative_conversion_den, cumulative_conversion_num IS NULL AND cumulative_conversion_den IS NULL))
WITH settings AS (
  SELECT reference_date AS as_of FROM slm_settings
),

-- An inquiry names no intake: cycle_intake is the intake whose cycle its date falls in (NULL on other events).
-- Only the columns used below: the events are materialised and read many times (through visible), and the events'
-- ids and sources (long strings) made them 8 columns wider (1M persons: 14.2-14.4 s -> 13.2-13.8 s).
events AS (
  SELECT
    e.person_id, e.stage, e.event_date, e.event_at, e.programme_code, e.intake, e.country_code, e.channel, e.priority,
    i.cycle_intake
  FROM core.fct_lifecycle_events AS e
  LEFT JOIN core.int_inquiry_intakes AS i USING (event_id)
),

intakes AS (
  SELECT DISTINCT intake FROM events WHERE intake IS NOT NULL
),

deadlines AS (
  SELECT i.intake, c.deadline, c.previous_intake
  FROM intakes AS i
  LEFT JOIN slm_calendar AS c USING (intake)
),

-- 'current': every cohort as of the reference date; 'aligned': a cohort measured as the next cycle's cohort
-- stands today, the same number of days before its own deadline. view_no names a view by one small integer, 0 for
-- 'current' and one per for_intake: the per-person steps below group and join on (view_no, person_id) instead of
-- two strings beside the person, one of them compared IS NOT DISTINCT (1M persons: 12.2-13.9 s -> 8.4-9.5 s).
views AS (
  SELECT 0 AS view_no, 'current' AS view, NULL::VARCHAR AS for_intake, as_of FROM settings
  UNION ALL
  SELECT dense_rank() OVER (ORDER BY p.intake)::INTEGER, 'aligned', p.intake, p.deadline - (c.deadline - s.as_of)::INTEGER
  FROM deadlines AS c
  JOIN deadlines AS p ON p.intake = c.previous_intake
  CROSS JOIN settings AS s
),

-- Every intake a person could be assigned to: their applications' and events' intakes and their inquiries'
-- cycles. A person can only join the cohort an aligned view measures if it is among these, so each aligned view
-- reads only those persons' events instead of everyone's (views x events made this model quadratic-ish).
candidate_intakes AS (
  SELECT DISTINCT person_id, intake
  FROM events
  WHERE stage IN ('application', 'open_day_registered', 'open_day_attended', 'trial_lecture') AND intake IS NOT NULL
  UNION
  SELECT DISTINCT person_id, cycle_intake
  FROM events
  WHERE stage = 'inquiry'
),

-- Every view's events: the aligned views' copies are kept (materialised), the current view's are read from events
-- each time. A kept copy of the current view was a second copy of nearly every event, and the memory it held made
-- the aggregations below spill at 1M persons (a 2.3 GB memory limit: 10.6-12.5 s -> 8.9-9.8 s; 6-7 s unlimited).
aligned_visible AS MATERIALIZED (
  SELECT v.view_no, e.*
  FROM views AS v
  JOIN candidate_intakes AS c ON c.intake = v.for_intake
  JOIN events AS e ON e.person_id = c.person_id AND e.event_date <= v.as_of
  WHERE v.view = 'aligned'
),

visible AS NOT MATERIALIZED (
  -- a filter on the one as-of date, not a join on it (a range join: a merge join over every event)
  SELECT 0 AS view_no, e.*
  FROM events AS e
  WHERE e.event_date <= (SELECT as_of FROM settings)
  UNION ALL
  SELECT * FROM aligned_visible
),

-- the first inquiry's programme and channel, per person and view, computed once. Inquiries at the same moment are
-- broken by programme code, then channel, one key for both: a tie falls the same way on every run, and programme and
-- channel come from the same inquiry. The smallest row is taken whole: an arg_min per column skips the rows where
-- that column is NULL, so a first inquiry naming no programme took its programme from a later one (and two
-- aggregates cost 1 s more at 1M persons than one).
first_inquiry AS (
  SELECT view_no, person_id, first.programme_code, first.channel
  FROM (
    SELECT view_no, person_id, min({'event_at': event_at, 'programme_code': programme_code, 'channel': channel}) AS first
    FROM visible
    WHERE stage = 'inquiry'
    GROUP BY ALL
  )
),

cohort_candidates AS (
  SELECT
    view_no, person_id, programme_code,
    intake, 1 AS preference, event_date, coalesce(priority, 99) AS priority, country_code
  FROM visible WHERE stage = 'application'
  UNION ALL
  SELECT
    s.view_no, s.person_id, coalesce(s.programme_code, i.programme_code),
    s.intake, 2, s.event_date, 99, NULL
  FROM visible AS s
  LEFT JOIN first_inquiry AS i
    ON i.view_no = s.view_no AND i.person_id = s.person_id
  WHERE s.stage IN ('open_day_registered', 'open_day_attended', 'trial_lecture')
  UNION ALL
  SELECT
    view_no, person_id, programme_code, cycle_intake,
    3, event_date, 99, country_code
  FROM visible WHERE stage = 'inquiry'
),

-- Candidates equal on preference, date and priority (two open days on one day, NL requests without a priority)
-- are broken by intake, then programme code, then country: an arbitrary but fixed order, one key for all three, so
-- the cohort is the same on every run and its programme and intake come from the same candidate, the smallest row
-- taken whole (as first_inquiry). The country is the first candidate's that has one: applications carry it, other
-- candidates seldom do.
cohorts AS (
  SELECT view_no, person_id, first.programme_code, first.intake, country_code
  FROM (
    SELECT
      view_no, person_id,
      min({'preference': preference, 'event_date': event_date, 'priority': priority, 'intake': intake,
           'programme_code': programme_code, 'country_code': country_code}) AS first,
      arg_min(country_code, (preference, event_date, priority, intake, programme_code, country_code))
        FILTER (WHERE country_code IS NOT NULL) AS country_code
    FROM cohort_candidates
    GROUP BY view_no, person_id
  )
),

persons AS (
  SELECT
    v.view, c.view_no, c.person_id, c.programme_code, c.intake,
    coalesce(i.channel, 'no_inquiry') AS first_channel,
    CASE
      WHEN c.country_code IS NULL THEN 'unknown'
      WHEN c.country_code = d.country THEN 'domestic'
      ELSE 'international'
    END AS country_group
  FROM cohorts AS c
  JOIN (SELECT DISTINCT view_no, view, for_intake FROM views) AS v USING (view_no)
  LEFT JOIN first_inquiry AS i ON i.view_no = c.view_no AND i.person_id = c.person_id
  LEFT JOIN slm_calendar AS d ON d.intake = c.intake
  WHERE v.view = 'current' OR c.intake = v.for_intake
),

-- position = the stage's bit (1-based) in the per-person reached masks below; previous_position = its previous stage's
-- (ordered_previous_position in the ordered funnel)
stages AS (
  SELECT
    stage, stage_order, previous_stage, position, previous_position, ordered_previous_stage, ordered_previous_position,
    is_entry, before_entry, data_status
  FROM marts.mart_funnel_stages
),

entry AS (
  SELECT position AS entry_position, data_status AS entry_status FROM stages WHERE is_entry
),

-- One row per person and view: the stages they reached within their cohort and the view's as-of date, as bits
-- (bit position - 1), in any order and in order. Ordered: a stage counts from its first date on or after the ordered
-- date of its previous stage. Walking the person's events by date, and on a tie parents first (a stage's position is
-- above its previous stage's), a stage is reached in order the first time it occurs once its previous stage has been:
-- the bit test below, one fold per person instead of a list of dates per stage.
reach AS (
  SELECT
    p.view_no, p.person_id,
    bit_or(1 << (s.position - 1)) AS any_reached,
    list((e.event_date - DATE '0001-01-01') * 16 + s.position) AS steps
  FROM persons AS p
  JOIN visible AS e
    ON e.view_no = p.view_no AND e.person_id = p.person_id
  JOIN stages AS s ON s.stage = e.stage
  WHERE e.intake IS NULL OR e.intake = p.intake
  GROUP BY p.view_no, p.person_id
),

ordered AS (
  SELECT
    r.view_no, r.person_id, r.any_reached,
    list_reduce(
      list_prepend(0::BIGINT, list_sort(r.steps)),
      (reached, step) -> CASE
        WHEN g.parent_of[step % 16] = 0 OR (reached >> (g.parent_of[step % 16] - 1)) & 1 = 1
          THEN reached | (1 << (step % 16 - 1))
        ELSE reached
      END
    ) AS ordered_reached
  FROM reach AS r
  CROSS JOIN (SELECT list(coalesce(ordered_previous_position, 0) ORDER BY position) AS parent_of FROM stages) AS g
),

-- Persons with the same stages reached (any order and ordered) in the same cell are interchangeable: count
-- them once, so the per-stage expansion below works on patterns, not on persons.
patterns AS (
  SELECT
    p.view, p.programme_code, p.intake, p.first_channel, p.country_group,
    coalesce(o.any_reached, 0) AS any_reached,
    coalesce(o.ordered_reached, 0) AS ordered_reached,
    count(*)::BIGINT AS n
  FROM persons AS p
  LEFT JOIN ordered AS o
    ON o.view_no = p.view_no AND o.person_id = p.person_id
  GROUP BY ALL
),

-- entered: ordered = reached the entry stage (in order, as the ordered funnel's root it always is when reached);
-- any = reached it or a later stage (bits at or above its position)
flags AS (
  SELECT
    p.view, p.programme_code, p.intake, p.first_channel, p.country_group, p.n,
    s.stage, s.stage_order, o.ordering,
    (CASE o.ordering WHEN 'ordered' THEN p.ordered_reached ELSE p.any_reached END >> (s.position - 1)) & 1 = 1
      AS reached,
    coalesce(
      (CASE o.ordering WHEN 'ordered' THEN p.ordered_reached ELSE p.any_reached END
        >> (CASE o.ordering WHEN 'ordered' THEN s.ordered_previous_position ELSE s.previous_position END - 1)) & 1 = 1,
      FALSE
    ) AS reached_previous,
    CASE o.ordering
      WHEN 'ordered' THEN (p.ordered_reached >> (e.entry_position - 1)) & 1 = 1
      ELSE p.any_reached >> (e.entry_position - 1) <> 0
    END AS entered
  FROM patterns AS p
  CROSS JOIN stages AS s
  CROSS JOIN entry AS e
  CROSS JOIN (VALUES ('ordered'), ('any')) AS o(ordering)
  WHERE o.ordering = 'any' OR NOT s.before_entry
),

counts AS (
  SELECT
    view, programme_code, intake,
    CASE WHEN grouping(first_channel) = 1 THEN 'all' ELSE first_channel END AS first_channel,
    CASE WHEN grouping(country_group) = 1 THEN 'all' ELSE country_group END AS country_group,
    stage, stage_order, ordering,
    coalesce(sum(n) FILTER (WHERE reached), 0)::BIGINT AS persons,
    coalesce(sum(n) FILTER (WHERE reached AND reached_previous), 0)::BIGINT AS next_step_conversion_num,
    coalesce(sum(n) FILTER (WHERE reached_previous), 0)::BIGINT AS next_step_conversion_den,
    coalesce(sum(n) FILTER (WHERE reached AND entered), 0)::BIGINT AS cumulative_conversion_num,
    coalesce(sum(n) FILTER (WHERE entered), 0)::BIGINT AS cumulative_conversion_den
  FROM flags
  GROUP BY GROUPING SETS (
    (view, programme_code, intake, stage, stage_order, ordering, first_channel, country_group),
    (view, programme_code, intake, stage, stage_order, ordering, first_channel),
    (view, programme_code, intake, stage, stage_order, ordering, country_group),
    (view, programme_code, intake, stage, stage_order, ordering)
  )
),

-- A stage's status per intake: 'no_source' when no source delivers it; else 'not_yet_observable' while the
-- observation window the metric registry gives it (core.dim_outcome_windows: first-year progression a year after the
-- start, graduation after the nominal length) is still open for the intake on the as-of date; else 'ok'.
stage_status AS (
  SELECT
    i.intake, s.stage,
    observed_status(s.data_status, w.observable) AS data_status
  FROM (SELECT DISTINCT intake FROM counts) AS i
  CROSS JOIN stages AS s
  LEFT JOIN (SELECT intake, unnest(stages) AS stage, observable FROM core.dim_outcome_windows) AS w
    ON w.intake = i.intake AND w.stage = s.stage
),

-- What no source delivers, or cannot have happened yet, is unknown, not 0: such a stage, the next step after one
-- (and the first stage's, which has no previous step), and every ordered cumulative figure when the entry stage has
-- no source.
figures AS (
  SELECT
    c.* REPLACE (
      CASE WHEN st.data_status = 'ok' THEN c.persons END AS persons,
      CASE WHEN st.data_status = 'ok' AND pst.data_status = 'ok' THEN c.next_step_conversion_num END
        AS next_step_conversion_num,
      CASE WHEN st.data_status = 'ok' AND pst.data_status = 'ok' THEN c.next_step_conversion_den END
        AS next_step_conversion_den,
      CASE WHEN st.data_status = 'ok' AND (c.ordering = 'any' OR e.entry_status = 'ok') THEN c.cumulative_conversion_num END
        AS cumulative_conversion_num,
      CASE WHEN st.data_status = 'ok' AND (c.ordering = 'any' OR e.entry_status = 'ok') THEN c.cumulative_conversion_den END
        AS cumulative_conversion_den
    ),
    ps.stage AS previous_stage,
    st.data_status
  FROM counts AS c
  JOIN stages AS s ON s.stage = c.stage
  JOIN stage_status AS st ON st.intake IS NOT DISTINCT FROM c.intake AND st.stage = c.stage
  LEFT JOIN stages AS ps
    ON ps.stage = CASE c.ordering WHEN 'ordered' THEN s.ordered_previous_stage ELSE s.previous_stage END
  LEFT JOIN stage_status AS pst ON pst.intake IS NOT DISTINCT FROM c.intake AND pst.stage = ps.stage
  CROSS JOIN entry AS e
)

SELECT
  s.as_of,
  c.programme_code,
  c.intake,
  c.first_channel,
  c.country_group,
  c.stage,
  c.stage_order,
  c.previous_stage,
  c.ordering,
  c.data_status,
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
FROM figures AS c
CROSS JOIN settings AS s
LEFT JOIN deadlines AS d ON d.intake = c.intake
LEFT JOIN views AS v ON v.view = 'aligned' AND v.for_intake = d.previous_intake
LEFT JOIN figures AS p
  ON p.view = 'aligned' AND p.intake = d.previous_intake AND p.programme_code IS NOT DISTINCT FROM c.programme_code
 AND p.first_channel = c.first_channel AND p.country_group = c.country_group AND p.stage = c.stage AND p.ordering = c.ordering
WHERE c.view = 'current'
ORDER BY c.intake, c.programme_code, c.first_channel, c.country_group, c.ordering, c.stage_order, c.stage
