-- grain: one row per intake x programme_code ('all' = every programme of the intake), as of
-- slm_settings.reference_date. A person counts once per intake, under the programme they were admitted to, else
-- their highest-priority choice. Rates as <metric>_num / <metric>_den with Wilson bounds:
-- admit_rate = admitted / evaluated (withdrawn Återtagen and invalid Ej komplett are not evaluated);
-- acceptance_yield = accepted / admitted; yield = enrolled at census / admitted;
-- melt = (accepted - enrolled at census) / accepted (återbud is a decline, not melt; no-show at the start and
-- tidigt avbrott are melt). Without an enrolment source (no enrolled stage in marts.mart_funnel_stages:
-- enrolment_status 'no_source') enrolled, melted, yield and melt are NULL: every admitted person would count as
-- not enrolled, a yield of 0% and a melt of 100% that say nothing. So are they (enrolment_status 'not_yet_observable')
-- before the intake's census, while yield's and melt's observation window in the metric registry is open
-- (core.dim_outcome_windows): no one can have enrolled yet.
-- test: unique(intake, programme_code)
-- test: accepted_values(enrolment_status: ok, no_source, not_yet_observable)
-- test: expect(admitted <= evaluated AND evaluated <= applicants AND coalesce(enrolled <= admitted AND melted <= accepted, enrolment_status <> 'ok'))
WITH enrolment AS (
  SELECT data_status AS enrolment_status FROM marts.mart_funnel_stages WHERE stage = 'enrolled'
),

events AS (
  SELECT e.*
  FROM core.fct_lifecycle_events AS e, slm_settings AS s
  WHERE e.event_date <= s.reference_date AND e.intake IS NOT NULL
),

per_person AS (
  SELECT
    person_id,
    intake,
    -- choices of equal priority (NL requests have none; one person's two applicant records) are broken by the
    -- earlier event, then the lower programme code, so a person counts under the same programme on every run
    coalesce(
      arg_min(programme_code, (coalesce(priority, 99), event_at, programme_code)) FILTER (WHERE stage = 'admitted'),
      arg_min(programme_code, (coalesce(priority, 99), event_at, programme_code)) FILTER (WHERE stage = 'application')
    ) AS programme_code,
    bool_or(stage = 'application' AND (detail LIKE 'Anmäld%' OR detail IN ('aangemeld', 'ingeschreven', 'uitgeschreven')
      OR (source_model = 'fct_admission_choices' AND detail = 'applied')))
      AS evaluated,
    bool_or(stage = 'admitted') AS admitted,
    bool_or(stage = 'admitted' AND detail = 'urval 1') AS admitted_urval_1,
    bool_or(stage = 'admitted' AND detail = 'urval 2') AS admitted_urval_2,
    bool_or(stage = 'reserve') AS reserve,
    bool_or(stage = 'accepted') AS accepted,
    bool_or(stage = 'declined') AS declined,
    bool_or(stage = 'enrolled') AS enrolled,
    bool_or(stage = 'early_break') AS early_break
  FROM events
  GROUP BY person_id, intake
  HAVING bool_or(stage = 'application')
),

counts AS (
  SELECT
    intake,
    CASE WHEN grouping(programme_code) = 1 THEN 'all' ELSE programme_code END AS programme_code,
    count(*)::BIGINT AS applicants,
    count(*) FILTER (WHERE evaluated)::BIGINT AS evaluated,
    count(*) FILTER (WHERE evaluated AND admitted)::BIGINT AS admitted,
    count(*) FILTER (WHERE evaluated AND admitted_urval_1)::BIGINT AS admitted_urval_1,
    count(*) FILTER (WHERE evaluated AND admitted AND NOT admitted_urval_1)::BIGINT AS admitted_urval_2,
    count(*) FILTER (WHERE evaluated AND reserve)::BIGINT AS reserves,
    count(*) FILTER (WHERE evaluated AND reserve AND admitted)::BIGINT AS reserves_admitted,
    count(*) FILTER (WHERE evaluated AND admitted AND accepted)::BIGINT AS accepted,
    count(*) FILTER (WHERE evaluated AND admitted AND declined AND NOT accepted)::BIGINT AS declined,
    count(*) FILTER (WHERE evaluated AND admitted AND enrolled)::BIGINT AS enrolled,
    count(*) FILTER (WHERE evaluated AND admitted AND accepted AND NOT enrolled)::BIGINT AS melted,
    count(*) FILTER (WHERE evaluated AND admitted AND accepted AND NOT enrolled AND early_break)::BIGINT AS melted_tidigt_avbrott
  FROM per_person
  GROUP BY GROUPING SETS ((intake, programme_code), (intake))
),

-- the intake's yield and melt windows (core.dim_outcome_windows): both one status, as they share the enrolled count
windows AS (
  SELECT intake, bool_and(observable) AS observable
  FROM core.dim_outcome_windows
  WHERE metric IN ('yield', 'melt')
  GROUP BY intake
),

statuses AS (
  SELECT
    c.intake,
    observed_status(e.enrolment_status, w.observable) AS enrolment_status
  FROM (SELECT DISTINCT intake FROM counts) AS c
  CROSS JOIN enrolment AS e
  LEFT JOIN windows AS w USING (intake)
),

measured AS (
  SELECT
    c.* REPLACE (
      CASE WHEN e.enrolment_status = 'ok' THEN c.enrolled END AS enrolled,
      CASE WHEN e.enrolment_status = 'ok' THEN c.melted END AS melted,
      CASE WHEN e.enrolment_status = 'ok' THEN c.melted_tidigt_avbrott END AS melted_tidigt_avbrott
    ),
    e.enrolment_status
  FROM counts AS c
  JOIN statuses AS e USING (intake)
)

SELECT
  intake,
  programme_code,
  applicants,
  evaluated,
  admitted,
  admitted_urval_1,
  admitted_urval_2,
  reserves,
  reserves_admitted,
  accepted,
  declined,
  enrolled,
  melted,
  melted_tidigt_avbrott,
  enrolment_status,
  admitted AS admit_rate_num,
  evaluated AS admit_rate_den,
  wilson_low(admitted, evaluated) AS admit_rate_low,
  wilson_high(admitted, evaluated) AS admit_rate_high,
  accepted AS acceptance_yield_num,
  admitted AS acceptance_yield_den,
  wilson_low(accepted, admitted) AS acceptance_yield_low,
  wilson_high(accepted, admitted) AS acceptance_yield_high,
  enrolled AS yield_num,
  CASE WHEN enrolled IS NOT NULL THEN admitted END AS yield_den,
  wilson_low(enrolled, admitted) AS yield_low,
  wilson_high(enrolled, admitted) AS yield_high,
  melted AS melt_num,
  CASE WHEN melted IS NOT NULL THEN accepted END AS melt_den,
  wilson_low(melted, accepted) AS melt_low,
  wilson_high(melted, accepted) AS melt_high
FROM measured
ORDER BY intake, programme_code
