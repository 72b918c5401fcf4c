-- The floor (bench only): the run's headline answers from one bare DuckDB script over the demo's extracts, as an
-- analyst's own script would compute them: a person is a national ID (its digits, the last ten; an applicant
-- without one, the admission system's applicant id), nothing is
-- checked, quarantined, pseudonymised or kept. The views (nya, ladok_registrations, ladok_results, crm_contacts,
-- crm_forms, crm_sessions, crm_registrations, checkins) are read_csv over the extracts (bench/floor.ts).
-- Answer 1, grain: one row per intake x programme (a person's cohort, below): persons who inquired, registered for
-- and attended an open day of the intake, applied, were admitted, accepted and registered for the first time in
-- that term. A CRM contact is linked to an applicant by personnummer or e-mail (the analyst's deterministic rule). Answer 2, grain: one row per school of origin: students and their mean
-- credits passed in the year from their first registration.
CREATE OR REPLACE TEMP TABLE floor_funnel AS
WITH applications AS (
  SELECT
    "Antagningsomgång" AS intake,
    "Programkod" AS programme_code,
    coalesce(nullif(right(regexp_replace("Personnummer", '[^0-9]', '', 'g'), 10), ''), "SökandeId") AS person,
    lower(trim("E-post")) AS email,
    try_cast("Anmälningsdatum" AS DATE) AS applied_on,
    try_cast("Prioritet" AS INTEGER) AS priority,
    "Antagningsbesked" AS decision,
    "Svar" AS reply
  FROM nya
),

applicant_by_email AS (
  SELECT email, min(person) AS person FROM applications WHERE email IS NOT NULL GROUP BY ALL
),

-- a CRM contact is the person of its personnummer, else the applicant with its e-mail, else its e-mail
contacts AS (
  SELECT
    c."ContactId" AS contact_id,
    any_value(lower(trim(c."Email"))) AS email,
    any_value(coalesce(
      nullif(right(regexp_replace(coalesce(c."PersonalNumber", ''), '[^0-9]', '', 'g'), 10), ''),
      a.person,
      'e:' || lower(trim(c."Email")),
      'c:' || c."ContactId"
    )) AS person
  FROM crm_contacts AS c
  LEFT JOIN applicant_by_email AS a ON a.email = lower(trim(c."Email"))
  GROUP BY ALL
),

contact_by_email AS (
  SELECT email, min(person) AS person FROM contacts WHERE email IS NOT NULL GROUP BY ALL
),

inquiries AS (
  SELECT c.person, try_cast(f."SubmittedAt" AS TIMESTAMP) AS inquired_at, f."ProgrammeCode" AS programme_code
  FROM crm_forms AS f
  JOIN contacts AS c ON c.contact_id = f."ContactId"
  WHERE f."FormType" = 'inquiry'
),

-- a person's cohort, as the product's: the first application's highest-priority choice; else the first
-- inquiry's programme, for the next intake whose application deadline (HT 15 April, VT 15 October) is on or
-- after it
applicant_cohorts AS (
  SELECT
    person,
    arg_min(intake, (applied_on, priority)) AS intake,
    arg_min(programme_code, (applied_on, priority)) AS programme_code
  FROM applications
  GROUP BY ALL
),

inquirer_cohorts AS (
  SELECT
    person,
    arg_min(programme_code, inquired_at) AS programme_code,
    min(inquired_at) AS first_inquiry
  FROM inquiries
  WHERE person NOT IN (SELECT person FROM applicant_cohorts)
  GROUP BY ALL
),

cohorts AS (
  SELECT person, intake, programme_code FROM applicant_cohorts
  UNION ALL
  SELECT
    person,
    CASE
      WHEN strftime(first_inquiry, '%m-%d') <= '04-15' THEN 'HT' || year(first_inquiry)
      WHEN strftime(first_inquiry, '%m-%d') <= '10-15' THEN 'VT' || (year(first_inquiry) + 1)
      ELSE 'HT' || (year(first_inquiry) + 1)
    END AS intake,
    programme_code
  FROM inquirer_cohorts
),

decisions AS (
  SELECT person, intake, bool_or(decision = 'Antagen') AS admitted, bool_or(reply = 'Tackat ja') AS accepted
  FROM applications
  GROUP BY ALL
),

open_day_sessions AS (
  SELECT "SessionId" AS session_id, "Cohort" AS intake FROM crm_sessions WHERE "EventType" = 'open_day'
),

registered AS (
  SELECT DISTINCT c.person, s.intake
  FROM crm_registrations AS r
  JOIN open_day_sessions AS s ON s.session_id = r."SessionId"
  JOIN contacts AS c ON c.contact_id = r."ContactId"
  WHERE r."Status" <> 'cancelled'
),

attended AS (
  SELECT DISTINCT coalesce(c.person, a.person, 'e:' || lower(trim(k."Email"))) AS person, s.intake
  FROM checkins AS k
  JOIN open_day_sessions AS s ON s.session_id = k."SessionId"
  LEFT JOIN contact_by_email AS c ON c.email = lower(trim(k."Email"))
  LEFT JOIN applicant_by_email AS a ON a.email = lower(trim(k."Email"))
),

starts AS (
  SELECT DISTINCT
    right(regexp_replace("Personnummer", '[^0-9]', '', 'g'), 10) AS person,
    "Termin" AS intake
  FROM ladok_registrations
  WHERE "Registreringstyp" = 'Förstagångsregistrering'
)

SELECT
  k.intake,
  k.programme_code,
  count(*) FILTER (WHERE k.person IN (SELECT person FROM inquiries)) AS inquired,
  count(r.person) AS open_day_registered,
  count(t.person) AS open_day_attended,
  count(d.person) AS applied,
  count(*) FILTER (WHERE d.admitted) AS admitted,
  count(*) FILTER (WHERE d.accepted) AS accepted,
  count(s.person) AS enrolled
FROM cohorts AS k
LEFT JOIN registered AS r USING (person, intake)
LEFT JOIN attended AS t USING (person, intake)
LEFT JOIN decisions AS d USING (person, intake)
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
