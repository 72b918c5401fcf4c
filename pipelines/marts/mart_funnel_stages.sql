-- grain: one row per stage the funnel counts (mart_funnel_by_cohort), with its place in the funnel as configured
-- (funnel.entryStage, TEMP table slm_funnel) and whether any source delivers it. position is the stage's bit
-- (1-based) in mart_funnel_by_cohort's per-person masks. previous_stage is the stage next-step conversion divides
-- by in any order: the events are optional side paths, so trial_lecture and application follow inquiry and
-- open_day_attended follows open_day_registered. ordered_previous_stage is the same for the ordered funnel, which
-- starts at the entry stage: the entry has none, a stage whose previous stage comes before the entry follows the
-- entry instead, and stages before the entry (before_entry) are not part of it.
-- data_status: 'no_source' when no event of the stage, or of its side stage (reserve, declined, early_break), is in
-- core.fct_lifecycle_events at any date: no system delivers it, so its figures are unknown, not 0.
-- test: unique(stage)
-- test: unique(position)
-- test: accepted_values(data_status: ok, no_source)
-- test: expect(is_entry = (ordered_previous_stage IS NULL AND NOT before_entry))
WITH settings AS (
  SELECT entry_stage FROM slm_funnel
),

stages AS (
  SELECT * FROM (VALUES
    ('inquiry', 1, NULL, 1),
    ('open_day_registered', 2, 'inquiry', 2),
    ('open_day_attended', 3, 'open_day_registered', 3),
    ('trial_lecture', 4, 'inquiry', 4),
    ('application', 5, 'inquiry', 5),
    ('eligible', 6, 'application', 6),
    ('admitted', 7, 'eligible', 7),
    ('accepted', 8, 'admitted', 8),
    ('enrolled', 9, 'accepted', 9),
    ('first_year_progression', 10, 'enrolled', 10),
    ('graduated', 11, 'first_year_progression', 11),
    ('left', 11, 'enrolled', 12),
    ('alumni_registered', 12, 'graduated', 13),
    ('alumni_engaged', 13, 'alumni_registered', 14)
  ) AS s(stage, stage_order, previous_stage, position)
),

entry AS (
  SELECT s.stage, s.stage_order
  FROM stages AS s
  JOIN settings AS c ON c.entry_stage = s.stage
),

-- a side stage shows its main stage's source is there (an admissions export that records reserves records
-- offers; a Ladok registration ending in tidigt avbrott is an enrolment record)
sourced AS (
  SELECT DISTINCT
    CASE stage WHEN 'reserve' THEN 'admitted' WHEN 'declined' THEN 'accepted' WHEN 'early_break' THEN 'enrolled' ELSE stage END
      AS stage
  FROM core.fct_lifecycle_events
),

placed AS (
  SELECT
    s.stage,
    s.stage_order,
    s.position,
    s.previous_stage,
    s.stage = e.stage AS is_entry,
    s.stage_order < e.stage_order AS before_entry,
    CASE
      WHEN s.stage = e.stage OR s.stage_order < e.stage_order THEN NULL
      WHEN p.stage_order < e.stage_order THEN e.stage
      ELSE s.previous_stage
    END AS ordered_previous_stage,
    CASE WHEN src.stage IS NULL THEN 'no_source' ELSE 'ok' END AS data_status
  FROM stages AS s
  CROSS JOIN entry AS e
  LEFT JOIN stages AS p ON p.stage = s.previous_stage
  LEFT JOIN sourced AS src ON src.stage = s.stage
)

SELECT
  s.stage,
  s.stage_order,
  s.position,
  s.previous_stage,
  p.position AS previous_position,
  s.ordered_previous_stage,
  op.position AS ordered_previous_position,
  s.is_entry,
  s.before_entry,
  s.data_status
FROM placed AS s
LEFT JOIN stages AS p ON p.stage = s.previous_stage
LEFT JOIN stages AS op ON op.stage = s.ordered_previous_stage
ORDER BY s.position
