-- grain: one row per application choice (applicant_id x application_code) in NyA / antagning.se, as of the latest extract,
-- with the file it came from (_file_id), so an intake the institution calendar lacks can be traced to its file.
-- test: unique(applicant_key, application_code)
-- test: not_null(applicant_key, application_code, international_round)
WITH source AS (
  SELECT * FROM latest_versions('raw.nya__applications', (applicant_id, application_code))
),

-- each applicant is keyed once, not once per choice: hashing and ID validation are most of the cost
details AS (
  SELECT DISTINCT applicant_id, personal_number, first_name, last_name, email, birth_date FROM source
),

applicants AS (
  SELECT
    applicant_id, personal_number, first_name, last_name, email, birth_date,
    system_key('nya', applicant_id) AS applicant_key,
    national_key(personal_number, 'se') AS national_key,
    name_email_key(first_name, last_name, email) AS name_email_key,
    n.name_key,
    email_key(email) AS email_key,
    name_birth_key(first_name, last_name, birth_date) AS name_birth_key
  FROM details
  LEFT JOIN name_keys('details') AS n USING (first_name, last_name)
)

SELECT
  a.applicant_key,
  application_code,
  upper(trim(admission_round)) AS admission_round,
  -- HT2026-INT is the international round of the HT2026 intake (universityadmissions.se); any other round label is
  -- the intake's own, which the institution calendar must know (slm run checks it before the core models)
  nullif(regexp_replace(upper(trim(admission_round)), '-INT$', ''), '') AS intake,
  upper(trim(admission_round)) LIKE '%-INT' AS international_round,
  upper(trim(programme_code)) AS programme_code,
  a.national_key,
  a.name_email_key,
  a.name_key,
  a.email_key,
  a.name_birth_key,
  year(l.birth_date) AS birth_year,
  upper(trim(sex)) AS sex,
  upper(trim(citizenship)) AS citizenship,
  priority,
  selection_group,
  merit_value,
  application_status,
  applied_on,
  selection_round_1,
  reserve_position_1,
  selection_round_2,
  reserve_position_2,
  admission_decision,
  reply,
  replied_on,
  fee_paying,
  upper(nullif(trim(l.school_code), '')) AS school_code,
  l._file_id
FROM source AS l
JOIN applicants AS a
  ON l.applicant_id IS NOT DISTINCT FROM a.applicant_id
 AND l.personal_number IS NOT DISTINCT FROM a.personal_number
 AND l.first_name IS NOT DISTINCT FROM a.first_name
 AND l.last_name IS NOT DISTINCT FROM a.last_name
 AND l.email IS NOT DISTINCT FROM a.email
 AND l.birth_date IS NOT DISTINCT FROM a.birth_date
