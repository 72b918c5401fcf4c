-- grain: one row per source person-record (record_id = '<source>:<pseudonymous key>'), with every
-- pseudonymised identifier it carries (lists: a record may show several over time or across rows).
-- Every source that describes a person adds one CTE here; identity never reads clear text.
-- Every list is sorted: list and list_distinct give values in no fixed order, and a table whose contents change
-- from run to run defeats the change detection of incremental runs. Lists are made distinct after aggregating
-- (list_distinct also drops NULLs): list(DISTINCT) keeps a hash table per aggregate, and these have up to six.
-- A list holds each value once, by list_distinct or by holding one value: int_identity_links counts a shared
-- identifier's records by its values and does not make them distinct again.
-- test: unique(record_id)
WITH crm_contacts AS (
  -- A CRM contact is one record; its forms may show other names or e-mails for the same contact.
  SELECT
    'crm:' || c.contact_key AS record_id,
    'crm' AS source,
    list_filter([c.national_key], x -> x IS NOT NULL) AS national_keys,
    [c.contact_key] AS system_keys,
    list_sort(list_distinct(list_filter(list_concat([c.name_email_key], coalesce(f.name_email_keys, [])), x -> x IS NOT NULL))) AS name_email_keys,
    list_sort(list_distinct(list_filter(list_concat([c.name_key], coalesce(f.name_keys, [])), x -> x IS NOT NULL))) AS name_keys,
    list_sort(list_distinct(list_filter(list_concat([c.email_key], coalesce(f.email_keys, [])), x -> x IS NOT NULL))) AS email_keys,
    list_filter([c.name_birth_key], x -> x IS NOT NULL) AS name_birth_keys,
    list_sort(list_distinct(list_filter(list_concat([c.name_phone_key], coalesce(f.name_phone_keys, [])), x -> x IS NOT NULL))) AS name_phone_keys,
    c.birth_year,
    least(c.created_at, f.first_form)::DATE AS first_seen,
    greatest(c.modified_at, f.last_form)::DATE AS last_seen
  FROM staging.stg_crm__contacts AS c
  LEFT JOIN (
    SELECT
      contact_key,
      list(name_email_key) AS name_email_keys,
      list(name_key) AS name_keys,
      list(email_key) AS email_keys,
      list(name_phone_key) AS name_phone_keys,
      min(submitted_at) AS first_form,
      max(submitted_at) AS last_form
    FROM staging.stg_crm__form_submissions
    GROUP BY contact_key
  ) AS f USING (contact_key)
),

-- Contacts that appear only in form submissions (their contact row missing or quarantined).
crm_form_only AS (
  SELECT
    'crm:' || contact_key AS record_id,
    'crm' AS source,
    []::VARCHAR[] AS national_keys,
    [contact_key] AS system_keys,
    list_sort(list_distinct(list(name_email_key))) AS name_email_keys,
    list_sort(list_distinct(list(name_key))) AS name_keys,
    list_sort(list_distinct(list(email_key))) AS email_keys,
    list_sort(list_distinct(list(name_phone_key))) AS name_phone_keys,
    NULL::BIGINT AS birth_year,
    min(submitted_at)::DATE AS first_seen,
    max(submitted_at)::DATE AS last_seen
  FROM staging.stg_crm__form_submissions
  WHERE contact_key NOT IN (SELECT contact_key FROM staging.stg_crm__contacts)
  GROUP BY contact_key
),

-- A check-in is its own record: the ticket leads to the registered contact, a walk-in only has its name and e-mail.
checkins AS (
  SELECT
    'checkin:' || k.checkin_key AS record_id,
    'checkin' AS source,
    []::VARCHAR[] AS national_keys,
    list_filter([r.contact_key], x -> x IS NOT NULL) AS system_keys,
    list_filter([k.name_email_key], x -> x IS NOT NULL) AS name_email_keys,
    list_filter([k.name_key], x -> x IS NOT NULL) AS name_keys,
    list_filter([k.email_key], x -> x IS NOT NULL) AS email_keys,
    NULL::BIGINT AS birth_year,
    k.checked_in_at::DATE AS first_seen,
    k.checked_in_at::DATE AS last_seen
  FROM staging.stg_checkin__checkins AS k
  LEFT JOIN staging.stg_crm__event_registrations AS r USING (registration_id)
),

nya_applicants AS (
  SELECT
    'nya:' || applicant_key AS record_id,
    'nya' AS source,
    list_sort(list_distinct(list(national_key))) AS national_keys,
    [applicant_key] AS system_keys,
    list_sort(list_distinct(list(name_email_key))) AS name_email_keys,
    list_sort(list_distinct(list(name_key))) AS name_keys,
    list_sort(list_distinct(list(email_key))) AS email_keys,
    list_sort(list_distinct(list(name_birth_key))) AS name_birth_keys,
    max(birth_year) AS birth_year,
    min(applied_on) AS first_seen,
    max(coalesce(replied_on, applied_on)) AS last_seen
  FROM staging.stg_nya__applications
  GROUP BY applicant_key
),

-- Every Ladok extract carries the UID and the personnummer of its time: an interim number replaced by a
-- personnummer stays one record through the UID.
ladok_national_ids AS (
  SELECT student_key, national_key FROM staging.stg_ladok__registrations
  UNION SELECT student_key, national_key FROM staging.stg_ladok__results
  UNION SELECT student_key, national_key FROM staging.stg_ladok__study_breaks
  UNION SELECT student_key, national_key FROM staging.stg_ladok__degrees
  UNION SELECT student_key, unnest(national_keys) FROM staging.stg_ladok__students
),

ladok_students AS (
  SELECT
    'ladok:' || k.student_key AS record_id,
    'ladok' AS source,
    list_sort(list_distinct(list(k.national_key))) AS national_keys,
    [k.student_key] AS system_keys,
    list_sort(list_distinct(list(s.name_email_key))) AS name_email_keys,
    list_sort(list_distinct(list(s.name_key))) AS name_keys,
    list_sort(list_distinct(list(s.email_key))) AS email_keys,
    list_sort(list_distinct(list(s.name_birth_key))) AS name_birth_keys,
    max(s.birth_year) AS birth_year,
    min(s.first_registered_on) AS first_seen,
    max(s.first_registered_on) AS last_seen
  FROM ladok_national_ids AS k
  LEFT JOIN staging.stg_ladok__students AS s USING (student_key)
  GROUP BY k.student_key
),

alumni_members AS (
  SELECT
    'alumni:' || member_key AS record_id,
    'alumni' AS source,
    list_filter([national_key], x -> x IS NOT NULL) AS national_keys,
    [member_key] AS system_keys,
    list_filter([name_email_key], x -> x IS NOT NULL) AS name_email_keys,
    list_filter([name_key], x -> x IS NOT NULL) AS name_keys,
    list_filter([email_key], x -> x IS NOT NULL) AS email_keys,
    list_filter([name_birth_key], x -> x IS NOT NULL) AS name_birth_keys,
    list_filter([name_employer_key], x -> x IS NOT NULL) AS name_employer_keys,
    birth_year,
    joined_on AS first_seen,
    joined_on AS last_seen
  FROM staging.stg_alumni__members
),

linkedin_connections AS (
  SELECT
    'linkedin:' || connection_key AS record_id,
    'linkedin' AS source,
    []::VARCHAR[] AS national_keys,
    [connection_key] AS system_keys,
    list_filter([name_email_key], x -> x IS NOT NULL) AS name_email_keys,
    list_filter([name_key], x -> x IS NOT NULL) AS name_keys,
    list_filter([email_key], x -> x IS NOT NULL) AS email_keys,
    list_filter([name_employer_key], x -> x IS NOT NULL) AS name_employer_keys,
    NULL::BIGINT AS birth_year,
    connected_on AS first_seen,
    connected_on AS last_seen
  FROM staging.stg_linkedin__connections
),

-- Studielink and Osiris share the institution's student number, so it is the system key of both.
studielink_students AS (
  SELECT
    'studielink:' || studielink_key AS record_id,
    'studielink' AS source,
    list_sort(list_distinct(list(national_key))) AS national_keys,
    list_sort(list_distinct(list(student_key))) AS system_keys,
    list_sort(list_distinct(list(name_email_key))) AS name_email_keys,
    list_sort(list_distinct(list(name_key))) AS name_keys,
    list_sort(list_distinct(list(email_key))) AS email_keys,
    list_sort(list_distinct(list(name_birth_key))) AS name_birth_keys,
    max(birth_year) AS birth_year,
    min(requested_on) AS first_seen,
    max(coalesce(status_on, requested_on)) AS last_seen
  FROM staging.stg_studielink__enrolment_requests
  GROUP BY studielink_key
),

-- Any admissions system through the canonical contracts: a system's choices and person attributes share the
-- person key, so the two files are one record.
admissions_persons AS (
  SELECT
    'admissions:' || person_key AS record_id,
    'admissions' AS source,
    list_sort(list_distinct(list(national_key))) AS national_keys,
    [person_key] AS system_keys,
    list_sort(list_distinct(list(name_email_key))) AS name_email_keys,
    list_sort(list_distinct(list(name_key))) AS name_keys,
    list_sort(list_distinct(list(email_key))) AS email_keys,
    list_sort(list_distinct(list(name_birth_key))) AS name_birth_keys,
    max(birth_year) AS birth_year,
    min(seen_on) AS first_seen,
    max(seen_on) AS last_seen
  FROM (
    SELECT person_key, national_key, name_email_key, name_key, email_key, name_birth_key, birth_year,
           submitted_at::DATE AS seen_on
    FROM staging.stg_admissions__choices
    UNION ALL
    SELECT person_key, national_key, name_email_key, name_key, email_key, name_birth_key, birth_year, NULL
    FROM staging.stg_persons__attributes
  )
  GROUP BY person_key
),

osiris_students AS (
  SELECT
    'osiris:' || student_key AS record_id,
    'osiris' AS source,
    list_sort(list_distinct(list(national_key))) AS national_keys,
    [student_key] AS system_keys,
    []::VARCHAR[] AS name_email_keys,
    list_sort(list_distinct(list(name_key))) AS name_keys,
    []::VARCHAR[] AS email_keys,
    NULL::BIGINT AS birth_year,
    min(exam_date) AS first_seen,
    max(exam_date) AS last_seen
  FROM (
    SELECT student_key, national_key, name_key, exam_date FROM staging.stg_osiris__diplomas
    UNION ALL
    SELECT student_key, NULL, NULL, result_on FROM staging.stg_osiris__results
  )
  GROUP BY student_key
)

-- UNION BY NAME: a source without some kind of identifier leaves that list NULL.
SELECT * FROM crm_contacts
UNION ALL BY NAME SELECT * FROM crm_form_only
UNION ALL BY NAME SELECT * FROM checkins
UNION ALL BY NAME SELECT * FROM nya_applicants
UNION ALL BY NAME SELECT * FROM ladok_students
UNION ALL BY NAME SELECT * FROM alumni_members
UNION ALL BY NAME SELECT * FROM linkedin_connections
UNION ALL BY NAME SELECT * FROM studielink_students
UNION ALL BY NAME SELECT * FROM osiris_students
UNION ALL BY NAME SELECT * FROM admissions_persons
