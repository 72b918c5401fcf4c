-- The newest version of each record of a raw table, one row per key: the row of the newest file, last in its
-- file. `SELECT * FROM latest_versions('raw.crm__contacts', contact_id)`; a key of several columns is a row,
-- `(ladok_uid, course_code, term)`; `keep := <condition>` leaves rows out before the choice, so a newer version
-- left out does not hide an older one that is kept. Every staging model takes its rows through it.
-- The newest version is chosen on the key columns alone, then fetched by rowid: a window carrying every column
-- sorts all of them (stg_crm__mailings at 1M persons: 5.4 s -> 4.6 s alone, more under memory pressure). query(),
-- not query_table(), since only a table's own scan has a rowid; the table name is the model's own text.
-- The choice is a grouped arg_max, not a row_number() window: a hash aggregate instead of a sort per key, about
-- a third less CPU over raw.crm__mailings and half over raw.ladok__registrations at 100k persons. Its order is
-- (_file_id, _row) as one BIGINT, which orders as the pair while _row < 2^32 (a row number of one file); a file
-- of more rows stops the query rather than choose wrongly. Both columns are NOT NULL (loaders/raw-tables.ts).
CREATE OR REPLACE TEMP MACRO latest_versions(raw_table, version_key, keep := true) AS TABLE
  WITH newest AS (
    SELECT arg_max(
      _version,
      CASE WHEN _row < 4294967296 THEN _file_id * 4294967296 + _row ELSE error('latest_versions: _row >= 2^32') END
    ) AS _version
    FROM query('SELECT rowid AS _version, * FROM ' || raw_table)
    WHERE keep
    GROUP BY version_key
  )
  SELECT * EXCLUDE (_version) FROM query('SELECT rowid AS _version, * FROM ' || raw_table)
  WHERE _version IN (SELECT _version FROM newest);

-- Normalisation used for matching only (DESIGN §5): case, diacritics and whitespace folded. The
-- folded text never leaves a model: it is fed straight into pseudonym().
CREATE OR REPLACE TEMP MACRO fold_name(x) AS
  nullif(trim(regexp_replace(lower(strip_accents(coalesce(x, ''))), '[\s\-\.]+', ' ', 'g')), '');

-- A person's full name for matching, in an order-independent form: exports that swap the first and last
-- name (a common CRM and check-in error) still give the same key.
-- (least/greatest order the two parts as a sorted list would, at a third of the cost.)
-- NULL when either part is missing, without a CASE: least/greatest skip a NULL part, and the last term, '' when both
-- parts are there, is NULL when either is not. Inside a CASE DuckDB folded the parts again in the condition and in
-- the branch, instead of once for the whole expression: 1M CRM contacts' names took 0.58 s to fold, now 0.20 s.
CREATE OR REPLACE TEMP MACRO fold_full_name(first_name, last_name) AS
  least(fold_name(first_name), fold_name(last_name)) || '|' || greatest(fold_name(first_name), fold_name(last_name))
  || left(fold_name(first_name) || fold_name(last_name), 0);

CREATE OR REPLACE TEMP MACRO fold_email(x) AS
  nullif(lower(trim(coalesce(x, ''))), '');

-- The keys below are NULL when a part is missing: `||` yields NULL for a NULL operand, and pseudonym()
-- passes NULL through. Written this way each part is folded once; a CASE around them folded it twice.

-- Rule 3 of DESIGN §5, AND form: first name, last name and e-mail together.
CREATE OR REPLACE TEMP MACRO name_email_key(first_name, last_name, email) AS
  pseudonym('nee|' || fold_full_name(first_name, last_name) || '|' || fold_email(email));

-- The parts the OR form matches on separately.
CREATE OR REPLACE TEMP MACRO name_key(first_name, last_name) AS
  pseudonym('nn|' || fold_full_name(first_name, last_name));

-- name_key of each distinct name of a relation (the name of a table or of the model's own CTE, with columns first_name
-- and last_name), to join back on the two: a name is hashed once however many records share it. Names repeat far more
-- than records do (1M persons: 787 k CRM contacts, 38 k names), and a key of two columns is computed row by row, not
-- once per value of a dictionary-compressed column as a key of one is.
-- `LEFT JOIN name_keys('newest') AS n USING (first_name, last_name)`
CREATE OR REPLACE TEMP MACRO name_keys(relation) AS TABLE
  SELECT first_name, last_name, name_key(first_name, last_name) AS name_key
  FROM (SELECT DISTINCT first_name, last_name FROM query_table(relation));

CREATE OR REPLACE TEMP MACRO email_key(email) AS
  pseudonym('em|' || fold_email(email));

-- Deterministic companions of rule 3 for sources without a shared e-mail: the same name together with
-- the same birth date, or with the same employer (alumni database and LinkedIn).
CREATE OR REPLACE TEMP MACRO name_birth_key(first_name, last_name, birth_date) AS
  pseudonym('nb|' || fold_full_name(first_name, last_name) || '|' || birth_date::VARCHAR);

CREATE OR REPLACE TEMP MACRO name_employer_key(first_name, last_name, employer) AS
  pseudonym('nw|' || fold_full_name(first_name, last_name) || '|' || fold_name(employer));

-- A phone number in one form: Swedish +46 becomes the trunk 0, other country codes 00; fewer than
-- seven digits is a fragment (an extension, a typo), not a number.
CREATE OR REPLACE TEMP MACRO fold_phone(phone) AS
  CASE WHEN length(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')) < 7 THEN NULL
       ELSE regexp_replace(regexp_replace(regexp_replace(trim(phone), '^\+46', '0'), '^\+', '00'), '[^0-9]', '', 'g')
  END;

-- The same name with the same phone: a CRM contact entered twice with another e-mail still gives its
-- mobile number on a form.
CREATE OR REPLACE TEMP MACRO name_phone_key(first_name, last_name, phone) AS
  pseudonym('np|' || fold_full_name(first_name, last_name) || '|' || fold_phone(phone));

-- A system identifier shared across sources (Ladok UID, CRM id), namespaced by the system that issued it.
CREATE OR REPLACE TEMP MACRO system_key(system, id) AS
  pseudonym('sys|' || system || '|' || nullif(trim(id), ''));

-- A person of any admissions system (admissions.choices, persons.attributes): the id is unique within its system
-- only, so the key takes both; the system's files share it (and erasure finds their rows by it: person-keys.ts).
CREATE OR REPLACE TEMP MACRO admissions_person_key(system, id) AS
  system_key('admissions', trim(system) || ':' || trim(id));

-- An application choice of any admissions system, within its system: the export's application id, else person x
-- programme x intake x round (an export without ids).
CREATE OR REPLACE TEMP MACRO admissions_choice_key(application_id, person_id, programme_code, intake, round_name) AS
  coalesce(
    'id:' || nullif(trim(application_id), ''),
    concat_ws('|', 'choice', trim(person_id), upper(trim(programme_code)), upper(trim(intake)), coalesce(trim(round_name), ''))
  );

-- Studielink's census rule (DESIGN §6: enrolled = registered at census): a request is an enrolment when it is still
-- "ingeschreven", or was "uitgeschreven" (de-registered) only on or after the intake's census day.
CREATE OR REPLACE TEMP MACRO studielink_enrolled(request_status, status_on, census_on) AS
  request_status = 'ingeschreven' OR (request_status = 'uitgeschreven' AND status_on >= census_on);

-- The identity layer's id of a source's person-record, from the source's own key (as int_person_records
-- builds it from staging's system keys): '<source>:' || system_key(source, key).
CREATE OR REPLACE TEMP MACRO person_record_id(source, id) AS source || ':' || system_key(source, id);

-- national_key(value, country): a validated national identifier (personnummer, samordningsnummer, interim
-- number, BSN), pseudonymised. Written in TypeScript (identifiers/plain-swedish-id.ts, NATIONAL_KEY_MACRO) and
-- registered after this file: a plain Swedish ID is keyed in SQL, the rest by the JavaScript rules.

-- A figure's status (DESIGN §6): its source's own status where that is not 'ok' ('no_source'...), else
-- 'not_yet_observable' while its observation window (core.dim_outcome_windows.observable) is still open on the as-of
-- date, else 'ok'. No window (NULL) is observable.
CREATE OR REPLACE TEMP MACRO observed_status(source_status, observable) AS
  CASE WHEN source_status <> 'ok' THEN source_status
       WHEN NOT coalesce(observable, TRUE) THEN 'not_yet_observable'
       ELSE 'ok' END;

-- A sum of DOUBLEs that is the same on every run: sum() adds in whatever order DuckDB's threads hand it the rows,
-- and floating-point addition is not associative, so the last bits of a sum (and of every mean built on it)
-- changed from run to run. Summed in ascending order, one after another, it comes out the same each time; the
-- sort costs little beside the rest of a model. NULLs are skipped as sum() skips them. An aggregate: use it where
-- sum() would go, with CASE instead of FILTER.
CREATE OR REPLACE TEMP MACRO ordered_sum(x) AS list_sum(list(x ORDER BY x));

-- avg() and stddev_samp() the same on every run, from ordered sums (stddev_samp combines its threads' partial
-- states in whatever order they finish, too). The standard deviation comes from the sums of x and x², clamped at
-- 0 against rounding; NULL below two values, as stddev_samp.
CREATE OR REPLACE TEMP MACRO ordered_avg(x) AS ordered_sum(x) / nullif(count(x), 0);

CREATE OR REPLACE TEMP MACRO ordered_stddev_samp(x) AS
  CASE WHEN count(x) > 1 THEN
    sqrt(greatest(0, (ordered_sum(x::DOUBLE * x) - ordered_sum(x::DOUBLE) ^ 2 / count(x)) / (count(x) - 1)))
  END;
