-- grain: one row for the whole warehouse: how many records, how many persons they resolve to under each form
-- of rule 3, how many extra merges the OR form would make, and how many pairs wait for review.
WITH clusters AS (
  SELECT * FROM identity.int_record_clusters
)

SELECT
  (SELECT count(*) FROM clusters) AS records,
  (SELECT count(DISTINCT person_id) FROM identity.person_registry) AS persons,
  (SELECT count(DISTINCT cluster_and) FROM clusters) AS persons_under_and,
  (SELECT count(DISTINCT cluster_or) FROM clusters) AS persons_under_or,
  (SELECT count(DISTINCT cluster_and) - count(DISTINCT cluster_or) FROM clusters) AS extra_merges_under_or,
  (SELECT identity_name_rule FROM slm_settings) AS name_rule_in_use,
  (SELECT count(*) FROM identity.int_review_candidates) AS review_candidates
