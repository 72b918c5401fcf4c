-- grain: one row per pair of clusters (shown by their best-matching records) whose names are alike (Jaro-Winkler) within a
-- blocking key: a review list for a person to decide, never merged automatically (DESIGN §5 rule 4).
-- Names are compared in clear text here because similarity cannot be computed on hashes; only record ids,
-- scores and the evidence flags leave this model.
WITH crm_names AS (
  SELECT
    'crm:' || pseudonym('crm:' || contact_id) AS record_id,
    arg_max(fold_name(first_name), submitted_at) AS first_name,
    arg_max(fold_name(last_name), submitted_at) AS last_name,
    arg_max(split_part(fold_email(email), '@', 2), submitted_at) AS email_domain,
    arg_max(split_part(fold_email(email), '@', 1), submitted_at) AS email_local
  FROM raw.crm__form_submissions
  GROUP BY contact_id
),

names AS (
  SELECT n.*, c.cluster_id
  FROM crm_names AS n
  JOIN identity.int_record_clusters AS c USING (record_id)
  WHERE n.first_name IS NOT NULL AND n.last_name IS NOT NULL
),

-- Blocking keeps this near-linear: only records sharing the start of both names are compared, in both
-- orders, so a swapped first and last name is still a candidate.
blocked AS (
  SELECT record_id, cluster_id, first_name, last_name, email_domain, email_local,
         left(first_name, 2) || '|' || left(last_name, 2) AS block
  FROM names
  UNION ALL
  SELECT record_id, cluster_id, first_name, last_name, email_domain, email_local,
         left(last_name, 2) || '|' || left(first_name, 2) AS block
  FROM names
),

pairs AS (
  SELECT
    least(a.cluster_id, b.cluster_id) AS cluster_a,
    greatest(a.cluster_id, b.cluster_id) AS cluster_b,
    CASE WHEN a.cluster_id < b.cluster_id THEN a.record_id ELSE b.record_id END AS record_id,
    CASE WHEN a.cluster_id < b.cluster_id THEN b.record_id ELSE a.record_id END AS candidate_record_id,
    jaro_winkler_similarity(a.first_name || ' ' || a.last_name, b.first_name || ' ' || b.last_name) AS name_similarity,
    jaro_winkler_similarity(a.first_name || ' ' || a.last_name, b.last_name || ' ' || b.first_name) AS swapped_similarity,
    a.email_domain = b.email_domain AS same_email_domain,
    jaro_winkler_similarity(a.email_local, b.email_local) AS email_local_similarity
  FROM blocked AS a
  JOIN blocked AS b ON a.block = b.block AND a.record_id < b.record_id AND a.cluster_id <> b.cluster_id
),

scored AS (
  SELECT
    *,
    greatest(name_similarity, swapped_similarity) AS best_similarity,
    swapped_similarity > name_similarity AS names_swapped
  FROM pairs
  WHERE greatest(name_similarity, swapped_similarity) >= 0.93
)

-- Two persons are reviewed once, through their most alike records.
SELECT
  record_id,
  candidate_record_id,
  round(best_similarity, 3) AS name_similarity,
  names_swapped,
  same_email_domain,
  round(email_local_similarity, 3) AS email_local_similarity
FROM scored
QUALIFY row_number() OVER (
  PARTITION BY cluster_a, cluster_b
  ORDER BY best_similarity DESC, same_email_domain DESC, email_local_similarity DESC, record_id, candidate_record_id
) = 1
