-- grain: one row per attribution model (first_touch, last_touch, any_touch) x outcome (applied, enrolled) x
-- intake x channel x campaign: distinct persons whose inquiry touches before their application credit that
-- channel and campaign. First and last touch credit each person once ('none' when no touch came first), so
-- they add up to the outcome's persons; any touch credits every channel a person used. Each channel also has a
-- row with campaign = 'all'.
-- test: accepted_values(model: first_touch, last_touch, any_touch)
-- test: accepted_values(outcome: applied, enrolled)
-- test: unique(model, outcome, intake, channel, campaign)
WITH settings AS (
  SELECT reference_date FROM slm_settings
),

events AS (
  SELECT person_id, stage, event_at, intake, channel, campaign
  FROM core.fct_lifecycle_events
  WHERE event_at::DATE <= (SELECT reference_date FROM settings)
),

applications AS (
  SELECT person_id, intake, min(event_at) AS applied_at
  FROM events
  WHERE stage = 'application' AND intake IS NOT NULL
  GROUP BY ALL
),

enrolments AS (
  SELECT DISTINCT person_id, intake FROM events WHERE stage = 'enrolled' AND intake IS NOT NULL
),

outcomes AS (
  SELECT 'applied' AS outcome, person_id, intake, applied_at FROM applications
  UNION ALL
  SELECT 'enrolled', a.person_id, a.intake, a.applied_at
  FROM applications AS a
  JOIN enrolments AS e USING (person_id, intake)
),

touches AS (
  SELECT person_id, event_at, coalesce(channel, 'unknown') AS channel, coalesce(campaign, '(none)') AS campaign
  FROM events
  WHERE stage = 'inquiry'
),

-- every touch a person made before (or on) applying for the intake
paired AS (
  SELECT o.outcome, o.intake, o.person_id, t.event_at, t.channel, t.campaign
  FROM outcomes AS o
  JOIN touches AS t ON t.person_id = o.person_id AND t.event_at <= o.applied_at
),

first_last AS (
  SELECT
    o.outcome,
    o.intake,
    o.person_id,
    -- one row decides both channel and campaign, so a tie on the date cannot mix two touches; touches at the same
    -- moment are broken by channel, then campaign (first touch the lowest, last touch the highest), so a tie falls
    -- the same way on every run
    arg_min({'channel': p.channel, 'campaign': p.campaign}, (p.event_at, p.channel, p.campaign)) AS first_touch,
    arg_max({'channel': p.channel, 'campaign': p.campaign}, (p.event_at, p.channel, p.campaign)) AS last_touch
  FROM outcomes AS o
  LEFT JOIN paired AS p USING (outcome, intake, person_id)
  GROUP BY ALL
),

credited AS (
  SELECT 'first_touch' AS model, outcome, intake, person_id,
         coalesce(first_touch.channel, 'none') AS channel, coalesce(first_touch.campaign, '(none)') AS campaign
  FROM first_last
  UNION ALL
  SELECT 'last_touch', outcome, intake, person_id,
         coalesce(last_touch.channel, 'none'), coalesce(last_touch.campaign, '(none)')
  FROM first_last
  UNION ALL
  SELECT DISTINCT 'any_touch', outcome, intake, person_id, channel, campaign FROM paired
)

-- campaign 'all': distinct persons per channel over its campaigns (any touch can credit two campaigns of one
-- channel to the same person, so campaign rows need not add up to it)
SELECT
  model, outcome, intake, channel,
  CASE WHEN grouping(campaign) = 1 THEN 'all' ELSE campaign END AS campaign,
  count(DISTINCT person_id) AS persons
FROM credited
GROUP BY GROUPING SETS ((model, outcome, intake, channel, campaign), (model, outcome, intake, channel))
ORDER BY model, outcome, intake, channel, campaign
