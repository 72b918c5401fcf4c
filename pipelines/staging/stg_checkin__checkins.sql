-- grain: one row per check-in at an event session (checkin_id). The check-in app knows tickets, not
-- contacts: a ticket leads to the CRM registration and so to the contact; walk-ins carry only what they
-- gave at the door.
-- test: unique(checkin_key)
-- test: not_null(checkin_key, walk_in)
WITH source AS (
  SELECT * FROM latest_versions('raw.checkin__checkins', checkin_id)
)

SELECT
  system_key('checkin', checkin_id) AS checkin_key,
  session_id,
  checked_in_at,
  nullif(trim(ticket), '') AS registration_id,
  coalesce(walk_in, ticket IS NULL) AS walk_in,
  name_email_key(first_name, last_name, email) AS name_email_key,
  n.name_key,
  email_key(email) AS email_key
FROM source
LEFT JOIN name_keys('source') AS n USING (first_name, last_name)
