-- grain: one row per programme code x admissions system x term (slm_calendar.term: the recurring intake, such as
-- the template HT{Y}) that a staging table names the programme with an intake of: the intakes a programme runs, known
-- from data (applications of any admissions system, open-day and trial sessions, first registrations), never
-- assumed from the calendar. intakes = how many intakes of the term the data shows the programme with.
-- test: unique(programme_code, system, term)
-- test: not_null(programme_code, system, term, intakes)
WITH seen AS (
  SELECT DISTINCT programme_code, intake FROM staging.stg_nya__applications
  UNION
  SELECT DISTINCT programme_code, intake FROM staging.stg_studielink__enrolment_requests
  UNION
  SELECT DISTINCT programme_code, intake FROM staging.stg_admissions__choices
  UNION
  SELECT DISTINCT programme_code, intake FROM staging.stg_crm__event_sessions
  UNION
  SELECT DISTINCT programme_code, term FROM staging.stg_ladok__registrations WHERE first_time
)

SELECT s.programme_code, c.system, c.term, count(*)::BIGINT AS intakes
FROM seen AS s
JOIN slm_calendar AS c USING (intake)
WHERE s.programme_code IS NOT NULL
GROUP BY ALL
ORDER BY ALL
