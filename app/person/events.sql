-- Events the person registered for (CRM registrations of any of their contacts) or checked in at (their check-ins,
-- a ticket leading to their registration, or a walk-in), with the session's type, programme and intake.
-- grain: one row per registration, plus one per walk-in check-in without a registration of the person
WITH registrations AS (
  SELECT g.registration_id, g.session_id, g.registered_at, g.status, g.cancelled_at
  FROM staging.stg_crm__event_registrations AS g
  WHERE g.contact_key IN (SELECT record_key FROM person_records WHERE source = 'crm')
),

-- a check-in belongs to the person by its own record, or by the ticket of one of their registrations
checkins AS (
  SELECT k.checkin_key, k.session_id, k.checked_in_at, k.walk_in,
         CASE WHEN k.registration_id IN (SELECT registration_id FROM registrations) THEN k.registration_id END
           AS registration_id
  FROM staging.stg_checkin__checkins AS k
  WHERE k.checkin_key IN (SELECT record_key FROM person_records WHERE source = 'checkin')
     OR k.registration_id IN (SELECT registration_id FROM registrations)
  QUALIFY row_number() OVER (PARTITION BY coalesce(registration_id, checkin_key) ORDER BY k.checked_in_at) = 1
),

attendance AS (
  SELECT coalesce(g.session_id, k.session_id) AS session_id, g.registered_at, g.status, g.cancelled_at,
         k.checked_in_at, coalesce(k.walk_in, FALSE) AS walk_in
  FROM registrations AS g
  FULL JOIN checkins AS k USING (registration_id)
)

SELECT s.event_type, a.session_id, s.title, s.programme_code, s.intake, s.starts_at::VARCHAR AS starts_at,
       a.registered_at::VARCHAR AS registered_at, a.status, a.cancelled_at::VARCHAR AS cancelled_at,
       a.checked_in_at IS NOT NULL AS attended, a.checked_in_at::VARCHAR AS checked_in_at, a.walk_in
FROM attendance AS a
LEFT JOIN staging.stg_crm__event_sessions AS s USING (session_id)
ORDER BY coalesce(s.starts_at, a.checked_in_at, a.registered_at), a.session_id
