-- grain: one row per programme code (programme_code) that a staging table names together with an intake the
-- institution calendar knows (core.dim_programme_terms): the admissions system of those intakes (slm_calendar.system)
-- and its country. An inquiry names a programme but no intake: it is dated into the cycle of one of the intakes this
-- system offers the programme (core.dim_inquiry_cycles, by cycle_key), and a programme never seen with an intake
-- takes calendar.defaultSystem (slm_calendar_systems.is_default; cycle_key 'default'). A programme seen with intakes
-- of two systems takes the one with more of its intakes, on a tie the first by name: the same choice on every run.
-- inquiry_terms: the terms taking inquiries (slm_calendar.inquiries) the programme runs in that system, sorted; all
-- the system's when it runs none of them (a programme only seen with labels that take no inquiries); NULL when no
-- term of the system takes inquiries. cycle_key names the system and those terms: programmes running the same terms
-- share one set of cycles (none for a key without terms: its inquiries belong to no cycle).
-- test: unique(programme_code)
-- test: not_null(programme_code, system, country, cycle_key)
-- test: relationships(programme_code -> core.dim_programme_terms.programme_code)
WITH systems AS (
  SELECT programme_code, system, sum(intakes) AS intakes
  FROM core.dim_programme_terms
  GROUP BY ALL
),

chosen AS (
  SELECT programme_code, system
  FROM systems
  QUALIFY row_number() OVER (PARTITION BY programme_code ORDER BY intakes DESC, system) = 1
),

inquiry_terms AS (
  SELECT DISTINCT system, term FROM slm_calendar WHERE inquiries
),

runs AS (
  SELECT c.programme_code, list(t.term ORDER BY t.term) AS terms
  FROM chosen AS c
  JOIN core.dim_programme_terms AS t USING (programme_code, system)
  JOIN inquiry_terms AS i USING (system, term)
  GROUP BY ALL
),

every_term AS (
  SELECT system, list(term ORDER BY term) AS terms FROM inquiry_terms GROUP BY ALL
)

SELECT
  c.programme_code,
  c.system,
  y.country,
  coalesce(r.terms, e.terms) AS inquiry_terms,
  c.system || ':' || coalesce(array_to_string(coalesce(r.terms, e.terms), ','), '') AS cycle_key
FROM chosen AS c
JOIN slm_calendar_systems AS y USING (system)
LEFT JOIN runs AS r USING (programme_code)
LEFT JOIN every_term AS e USING (system)
ORDER BY c.programme_code
