-- grain: one row per programme code (programme_code) that a staging table names together with an intake the
-- institution calendar knows: the admissions system of those intakes (slm_calendar.system) and its country. An
-- inquiry names a programme but no intake: it is dated into the cycle of this system's intakes, and a programme never
-- seen with an intake takes calendar.defaultSystem (slm_calendar_systems.is_default). A programme seen with intakes of
-- two systems takes the one with more of its intakes, on a tie the first by name: the same choice on every run.
-- test: unique(programme_code)
-- test: not_null(programme_code, system, country)
WITH seen AS (
  SELECT DISTINCT programme_code, intake FROM staging.stg_nya__applications
  UNION
  SELECT DISTINCT programme_code, intake FROM staging.stg_studielink__enrolment_requests
  UNION
  SELECT DISTINCT programme_code, intake FROM staging.stg_crm__event_sessions
  UNION
  SELECT DISTINCT programme_code, term FROM staging.stg_ladok__registrations WHERE first_time
),

systems AS (
  SELECT s.programme_code, c.system, count(*) AS intakes
  FROM seen AS s
  JOIN slm_calendar AS c USING (intake)
  WHERE s.programme_code IS NOT NULL
  GROUP BY ALL
)

SELECT s.programme_code, s.system, y.country
FROM systems AS s
JOIN slm_calendar_systems AS y USING (system)
QUALIFY row_number() OVER (PARTITION BY s.programme_code ORDER BY s.intakes DESC, s.system) = 1
