-- grain: one row per pair of clusters (shown by their best-matching records) whose names are alike
-- (Jaro-Winkler) within a blocking key, with corroborating evidence: a review list for a person to decide,
-- never merged automatically (DESIGN §5 rule 4). Names are compared in clear text here because similarity
-- cannot be computed on hashes; only record ids, scores and evidence flags leave this model.
WITH named_records AS (
  SELECT 'crm' AS source, contact_id AS id, first_name, last_name, email, birth_date
  FROM raw.crm__contacts
  UNION ALL
  SELECT 'nya', applicant_id, first_name, last_name, email, birth_date
  FROM raw.nya__applications
  UNION ALL
  SELECT 'ladok', ladok_uid, first_name, last_name, email, birth_date
  FROM raw.ladok__students
  UNION ALL
  SELECT 'alumni', member_id, first_name, last_name, email, birth_date
  FROM raw.alumni__members
  UNION ALL
  SELECT 'linkedin', lower(trim(profile_url)), first_name, last_name, email, NULL::DATE
  FROM raw.linkedin__connections
  UNION ALL
  SELECT 'studielink', studielink_number, first_name,
         concat_ws(' ', name_prefix, last_name), email, birth_date
  FROM raw.studielink__enrolment_requests
),

-- each source record's name, e-mail and birth date variants, in clear text and still keyed by the source's own id
names AS (
  SELECT DISTINCT
    source,
    id,
    fold_name(first_name) AS first_name,
    fold_name(last_name) AS last_name,
    split_part(fold_email(email), '@', 1) AS email_local,
    split_part(fold_email(email), '@', 2) AS email_domain,
    birth_date
  FROM named_records
  WHERE id IS NOT NULL AND fold_name(first_name) IS NOT NULL AND fold_name(last_name) IS NOT NULL
),

-- Blocking keeps this near-linear: only records sharing the start of both names are compared, in both
-- orders, so a swapped first and last name is still a candidate.
keyed AS (
  SELECT *, left(first_name, 3) || '|' || left(last_name, 3) AS block FROM names
  UNION ALL
  SELECT *, left(last_name, 3) || '|' || left(first_name, 3) AS block FROM names
),

-- A block of more than 50 records is a common name (every Anna Andersson): comparing all its pairs costs
-- quadratic time and memory and says nothing, so such blocks are left out: their records are linked by the
-- deterministic rules only.
-- (counted by a grouping, not a window: a window partitions and sorts all 3 M keyed rows at 1M persons)
small_blocks AS (
  SELECT block FROM keyed GROUP BY block HAVING count(*) <= 50
),

-- A pair is scored only when it has the hint `scored` asks for: the same birth date or the same e-mail domain.
-- Joining on the hint as well as the block (one row per hint; NULL matches nothing) leaves out the other pairs
-- before their similarities are computed: 2.6 M pairs at 100k persons were scored to keep 0.2% of them. A pair
-- with both hints meets twice; the choice of one row per pair of clusters below takes either alike.
hinted_names AS (
  SELECT *, unnest(['birth|' || birth_date::VARCHAR, 'domain|' || email_domain]) AS hint
  FROM keyed WHERE block IN (SELECT block FROM small_blocks)
),

-- Only a record that shares a block and a hint with another is keyed and placed in its cluster: the keyed
-- pseudonym (an HMAC) is the costly step, once per record and not once per raw row.
partnered AS (
  SELECT * FROM hinted_names
  WHERE (block, hint) IN (SELECT (block, hint) FROM hinted_names GROUP BY block, hint HAVING count(DISTINCT (source, id)) > 1)
),

records AS (
  SELECT source, id, person_record_id(source, id) AS record_id FROM (SELECT DISTINCT source, id FROM partnered)
),

hinted AS (
  SELECT r.record_id, c.cluster_id, p.* EXCLUDE (source, id)
  FROM partnered AS p
  JOIN records AS r USING (source, id)
  JOIN identity.int_record_clusters AS c USING (record_id)
),

pairs AS (
  SELECT
    least(a.cluster_id, b.cluster_id) AS cluster_a,
    greatest(a.cluster_id, b.cluster_id) AS cluster_b,
    CASE WHEN a.cluster_id < b.cluster_id THEN a.record_id ELSE b.record_id END AS record_id,
    CASE WHEN a.cluster_id < b.cluster_id THEN b.record_id ELSE a.record_id END AS candidate_record_id,
    jaro_winkler_similarity(a.first_name || ' ' || a.last_name, b.first_name || ' ' || b.last_name) AS name_similarity,
    -- Swapped, both ways round: the two are not the same score (a reversed pair of words keeps other prefixes),
    -- and which record is `a` follows the pseudonymous ids, so one way alone made the list depend on the key.
    greatest(
      jaro_winkler_similarity(a.first_name || ' ' || a.last_name, b.last_name || ' ' || b.first_name),
      jaro_winkler_similarity(b.first_name || ' ' || b.last_name, a.last_name || ' ' || a.first_name)
    ) AS swapped_similarity,
    a.email_domain = b.email_domain AS same_email_domain,
    coalesce(jaro_winkler_similarity(a.email_local, b.email_local), 0) AS email_local_similarity,
    a.birth_date = b.birth_date AS same_birth_date,
    -- Two known birth dates that are not one typo (one character) or a day and month swapped apart: two persons.
    levenshtein(a.birth_date::VARCHAR, b.birth_date::VARCHAR) > 1
      AND NOT (year(a.birth_date) = year(b.birth_date) AND month(a.birth_date) = day(b.birth_date)
               AND day(a.birth_date) = month(b.birth_date)) AS birth_dates_conflict,
    -- Addresses that differ in their letters (a typo), not only in digits or separators: anna.lind2 and
    -- anna.lind5, or annalind and anna.lind, are namesakes' addresses, made from the same name.
    regexp_replace(a.email_local, '[^0-9]', '', 'g') = regexp_replace(b.email_local, '[^0-9]', '', 'g')
      AND regexp_replace(a.email_local, '[^[:alpha:]]', '', 'g')
        <> regexp_replace(b.email_local, '[^[:alpha:]]', '', 'g') AS email_typo
  FROM hinted AS a
  JOIN hinted AS b
    ON a.block = b.block AND a.hint = b.hint AND a.record_id < b.record_id AND a.cluster_id <> b.cluster_id
),

scored AS (
  SELECT
    *,
    greatest(name_similarity, swapped_similarity) AS best_similarity,
    swapped_similarity > name_similarity AS names_swapped
  FROM pairs
  -- alike names alone are common (many Anna Andersson), and an e-mail's local part is mostly the name again;
  -- a candidate needs a hint independent of the name: the same birth date, or an address at the same
  -- domain that is nearly the same through a typo; and no sign of two persons: birth dates far apart.
  -- (At 100k demo persons the e-mail hint without the typo and conflict tests gave 19,118 pairs, all but one
  -- namesakes such as anna.lind2 / anna.lind5; with them 1,244, the same true pair kept.)
  WHERE greatest(name_similarity, swapped_similarity) >= 0.93
    AND (coalesce(same_birth_date, false) OR (same_email_domain AND email_local_similarity >= 0.9 AND email_typo))
    AND NOT coalesce(birth_dates_conflict, false)
)

-- Two persons are reviewed once, through their most alike records. A record can carry several names, e-mails or
-- birth dates (one per application), so the same two records can pair more than once: every column shown is in
-- the order (a shared e-mail domain first, as the stronger hint), or which tied row was kept changed between runs.
SELECT
  record_id,
  candidate_record_id,
  round(best_similarity, 3) AS name_similarity,
  names_swapped,
  coalesce(same_birth_date, false) AS same_birth_date,
  same_email_domain,
  round(email_local_similarity, 3) AS email_local_similarity
FROM scored
QUALIFY row_number() OVER (
  PARTITION BY cluster_a, cluster_b
  ORDER BY best_similarity DESC, same_birth_date DESC, email_local_similarity DESC, record_id, candidate_record_id,
    same_email_domain DESC, names_swapped
) = 1
