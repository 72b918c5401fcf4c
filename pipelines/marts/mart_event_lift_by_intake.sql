-- grain: one row per event_type (open_day, trial_lecture) x intake x outcome (applied, enrolled), as of
-- slm_settings.reference_date. Event lift (DESIGN §6): the outcome rate of the intake's prospects who attended an
-- event of that type for that intake (event_lift_attendees_num / _den) against the intake's prospects who did
-- not (event_lift_comparison_num / _den), each with Wilson bounds, and their difference event_lift with
-- Newcombe's hybrid Wilson interval. Prospects of an intake = persons with an inquiry dated in that intake's
-- cycle (the funnel's rule: the first intake the programme runs whose deadline is on or after it,
-- core.dim_inquiry_cycles, else calendar.defaultSystem's) or a registration or check-in at an
-- event of the intake; applied / enrolled = an application / enrolment event for the same intake. Before the intake's
-- census, enrolled is not yet observable (outcome_status 'not_yet_observable', its figures NULL, never 0).
-- test: unique(event_type, intake, outcome)
-- test: accepted_values(event_type: open_day, trial_lecture)
-- test: accepted_values(outcome: applied, enrolled)
-- test: accepted_values(outcome_status: ok, not_yet_observable)
-- test: expect(coalesce(event_lift_attendees_num <= event_lift_attendees_den AND event_lift_comparison_num <= event_lift_comparison_den, outcome_status <> 'ok'))
WITH events AS (
  SELECT e.person_id, e.stage, e.event_date, e.intake, e.programme_code
  FROM core.fct_lifecycle_events AS e, slm_settings AS s
  WHERE e.event_date <= s.reference_date
),

inquiry_intakes AS (
  SELECT i.person_id, i.cycle_intake AS intake
  FROM core.int_inquiry_intakes AS i, slm_settings AS s
  WHERE i.event_date <= s.reference_date
),

prospects AS (
  SELECT DISTINCT person_id, intake FROM inquiry_intakes
  UNION
  SELECT DISTINCT person_id, intake FROM events
  WHERE stage IN ('open_day_registered', 'open_day_attended', 'trial_lecture') AND intake IS NOT NULL
),

attended AS (
  SELECT DISTINCT
    person_id, intake,
    CASE stage WHEN 'open_day_attended' THEN 'open_day' ELSE 'trial_lecture' END AS event_type
  FROM events
  WHERE stage IN ('open_day_attended', 'trial_lecture') AND intake IS NOT NULL
),

outcomes AS (
  SELECT DISTINCT person_id, intake, CASE stage WHEN 'application' THEN 'applied' ELSE 'enrolled' END AS outcome
  FROM events
  WHERE stage IN ('application', 'enrolled') AND intake IS NOT NULL
),

-- only intakes where the event type was held, so every row has attendees to compare
event_intakes AS (
  SELECT DISTINCT event_type, intake FROM attended
),

flags AS (
  SELECT
    t.event_type, p.intake, o.outcome, p.person_id,
    a.person_id IS NOT NULL AS attendee,
    r.person_id IS NOT NULL AS reached
  FROM prospects AS p
  JOIN event_intakes AS t USING (intake)
  CROSS JOIN (VALUES ('applied'), ('enrolled')) AS o(outcome)
  LEFT JOIN attended AS a
    ON a.person_id = p.person_id AND a.intake = p.intake AND a.event_type = t.event_type
  LEFT JOIN outcomes AS r
    ON r.person_id = p.person_id AND r.intake = p.intake AND r.outcome = o.outcome
),

counts AS (
  SELECT
    event_type, intake, outcome,
    count(*) FILTER (WHERE attendee AND reached)::BIGINT AS a_num,
    count(*) FILTER (WHERE attendee)::BIGINT AS a_den,
    count(*) FILTER (WHERE NOT attendee AND reached)::BIGINT AS c_num,
    count(*) FILTER (WHERE NOT attendee)::BIGINT AS c_den
  FROM flags
  GROUP BY ALL
),

-- an outcome that cannot have happened yet (enrolment before the intake's census: yield's window in the metric
-- registry, core.dim_outcome_windows) is not yet observable: NULL figures, never a lift of 0
statuses AS (
  SELECT c.*,
    CASE WHEN c.outcome = 'enrolled' AND NOT coalesce(w.observable, TRUE) THEN 'not_yet_observable' ELSE 'ok' END
      AS outcome_status
  FROM counts AS c
  LEFT JOIN core.dim_outcome_windows AS w ON w.intake = c.intake AND w.metric = 'yield'
),

gated AS (
  SELECT
    * REPLACE (
      CASE WHEN outcome_status = 'ok' THEN a_num END AS a_num,
      CASE WHEN outcome_status = 'ok' THEN a_den END AS a_den,
      CASE WHEN outcome_status = 'ok' THEN c_num END AS c_num,
      CASE WHEN outcome_status = 'ok' THEN c_den END AS c_den
    )
  FROM statuses
),

rates AS (
  SELECT
    *,
    a_num / nullif(a_den, 0) AS a_rate, wilson_low(a_num, a_den) AS a_low, wilson_high(a_num, a_den) AS a_high,
    c_num / nullif(c_den, 0) AS c_rate, wilson_low(c_num, c_den) AS c_low, wilson_high(c_num, c_den) AS c_high
  FROM gated
)

SELECT
  event_type,
  intake,
  outcome,
  outcome_status,
  a_num AS event_lift_attendees_num,
  a_den AS event_lift_attendees_den,
  a_low AS event_lift_attendees_low,
  a_high AS event_lift_attendees_high,
  c_num AS event_lift_comparison_num,
  c_den AS event_lift_comparison_den,
  c_low AS event_lift_comparison_low,
  c_high AS event_lift_comparison_high,
  a_rate - c_rate AS event_lift,
  -- Newcombe (1998) method 10: the difference's interval from the two Wilson intervals
  a_rate - c_rate - sqrt((a_rate - a_low) ^ 2 + (c_high - c_rate) ^ 2) AS event_lift_low,
  a_rate - c_rate + sqrt((a_high - a_rate) ^ 2 + (c_rate - c_low) ^ 2) AS event_lift_high
FROM rates
ORDER BY intake, event_type, outcome
