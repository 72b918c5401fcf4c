-- grain: one row per alumni-database member (member_id), latest version.
-- test: unique(member_key)
-- test: not_null(member_key)
WITH source AS (
  SELECT * FROM latest_versions('raw.alumni__members', member_id)
)

SELECT
  system_key('alumni', member_id) AS member_key,
  -- the alumni database holds Swedish personnummer and Dutch BSN in one column: nine digits is a BSN
  national_key(national_id, CASE WHEN regexp_full_match(trim(national_id), '\d{8,9}') THEN 'nl' ELSE 'se' END) AS national_key,
  name_email_key(first_name, last_name, email) AS name_email_key,
  n.name_key,
  email_key(email) AS email_key,
  name_birth_key(first_name, last_name, birth_date) AS name_birth_key,
  name_employer_key(first_name, last_name, employer) AS name_employer_key,
  year(birth_date) AS birth_year,
  graduation_year,
  upper(trim(programme_code)) AS programme_code,
  degree_name,
  employer,
  sector,
  job_title,
  upper(trim(country)) AS country_code,
  joined_on
FROM source
LEFT JOIN name_keys('source') AS n USING (first_name, last_name)
