-- Pseudonyms became the first 72 bits of the HMAC in base64url (12 characters, warehouse/pseudonym.ts) instead of
-- all 256 bits in hex. The new form is a function of the old one, so the state that outlives a run is carried
-- over without the key: a person keeps their person_id, and an erased person stays erased.
CREATE TEMP MACRO slm_short_pseudonym(hex) AS
  CASE WHEN regexp_full_match(hex, '[0-9a-f]{64}') THEN translate(to_base64(unhex(left(hex, 18))), '+/', '-_')
       ELSE hex END;

-- record_id = '<source>:<system key>'
UPDATE identity.person_registry
SET record_id = split_part(record_id, ':', 1) || ':' || slm_short_pseudonym(substr(record_id, strpos(record_id, ':') + 1))
WHERE strpos(record_id, ':') > 0;

-- identifier is the primary key: rewritten by delete and insert, not in place
CREATE TEMP TABLE slm_erasure_list AS SELECT * FROM meta.erasure_list;
DELETE FROM meta.erasure_list;
INSERT INTO meta.erasure_list
SELECT slm_short_pseudonym(identifier), kind, erasure_id, erased_at FROM slm_erasure_list;
DROP TABLE slm_erasure_list;
DROP MACRO slm_short_pseudonym;
