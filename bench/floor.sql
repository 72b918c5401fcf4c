-- The floor (bench only): the run's headline answers from one bare DuckDB script over the demo's extracts, as an
-- analyst's own script would compute them: a person is a national ID (its digits, the last ten; an applicant
-- without one, the admission system's applicant id), nothing is
-- checked, quarantined, pseudonymised or kept. The views nya, ladok_registrations and ladok_results are read_csv
-- over the extracts (bench/floor.ts).
-- Answer 1, grain: one row per intake x programme (a person's cohort: the first application's highest-priority
-- choice): persons who applied, were admitted, accepted and registered for the first time in that term. Answer 2, grain: one row per school of origin: students and their mean
-- credits passed in the year from their first registration.
CREATE OR REPLACE TEMP TABLE floor_funnel AS
WITH applications AS (
  SELECT
    "Antagningsomgång" AS intake,
    "Programkod" AS programme_code,
    coalesce(nullif(right(regexp_replace("Personnummer", '[^0-9]', '', 'g'), 10), ''), "SökandeId") AS person,
    try_cast("Anmälningsdatum" AS DATE) AS applied_on,
    try_cast("Prioritet" AS INTEGER) AS priority,
    "Antagningsbesked" AS decision,
    "Svar" AS reply
  FROM nya
),

-- a person's cohort, as the product's: the first application's highest-priority choice
cohorts AS (
  SELECT person, arg_min(intake, (applied_on, priority)) AS intake, arg_min(programme_code, (applied_on, priority)) AS programme_code
  FROM applications
  GROUP BY ALL
),

outcomes AS (
  SELECT
    c.person,
    c.intake,
    c.programme_code,
    bool_or(a.decision = 'Antagen') AS admitted,
    bool_or(a.reply = 'Tackat ja') AS accepted
  FROM cohorts AS c
  JOIN applications AS a USING (person, intake)
  GROUP BY ALL
),

starts AS (
  SELECT DISTINCT
    right(regexp_replace("Personnummer", '[^0-9]', '', 'g'), 10) AS person,
    "Termin" AS intake
  FROM ladok_registrations
  WHERE "Registreringstyp" = 'Förstagångsregistrering'
)

SELECT
  o.intake,
  o.programme_code,
  count(*) AS applied,
  count(*) FILTER (WHERE o.admitted) AS admitted,
  count(*) FILTER (WHERE o.accepted) AS accepted,
  count(s.person) AS enrolled
FROM outcomes AS o
LEFT JOIN starts AS s USING (person, intake)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE floor_schools AS
WITH first_registration AS (
  SELECT
    right(regexp_replace("Personnummer", '[^0-9]', '', 'g'), 10) AS person,
    min(try_cast("Registreringsdatum" AS DATE)) AS started_on
  FROM ladok_registrations
  GROUP BY ALL
),

results AS (
  SELECT
    right(regexp_replace("Personnummer", '[^0-9]', '', 'g'), 10) AS person,
    try_cast(replace("Hp", ',', '.') AS DOUBLE) AS credits,
    try_cast("Examinationsdatum" AS DATE) AS examined_on,
    "Betyg" NOT IN ('U', 'F', 'Fx') AS passed
  FROM ladok_results
),

first_year AS (
  SELECT
    f.person,
    coalesce(sum(r.credits) FILTER (WHERE r.passed AND r.examined_on < f.started_on + INTERVAL 1 YEAR), 0) AS credits
  FROM first_registration AS f
  LEFT JOIN results AS r USING (person)
  GROUP BY ALL
),

schools AS (
  SELECT DISTINCT
    right(regexp_replace("Personnummer", '[^0-9]', '', 'g'), 10) AS person,
    "Skolenhetskod" AS school_code
  FROM nya
  WHERE "Skolenhetskod" IS NOT NULL AND "Personnummer" IS NOT NULL
)

SELECT s.school_code, count(*) AS students, avg(y.credits) AS mean_credits
FROM schools AS s
JOIN first_year AS y USING (person)
GROUP BY ALL;
