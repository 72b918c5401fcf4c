-- The recipients of every recorded plan (meta.planned_send, slm audience plan) with their person and whether a
-- mailing extract shows the send: a message to the same person from the plan's department in its campaign. A
-- plan's recipient the mailing tool reached through another CRM contact of the person counts as sent.
-- Made a TEMP view `planned_recipients` by outreach/planned-sends.ts; read by recipient-issues.sql (plans not yet
-- sent are mail that is coming) and by the reconciliation of plans with sent mail.
SELECT
  s.plan_id,
  s.audience,
  s.department,
  s.campaign,
  s.planned_at,
  c.contact_key,
  r.person_id,
  r.person_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM core.fct_mailings AS m
     WHERE m.person_id = r.person_id AND m.department = s.department AND m.campaign = s.campaign
  ) AS sent
FROM meta.planned_send AS s
JOIN meta.planned_recipient AS c USING (plan_id)
LEFT JOIN identity.person_registry AS r ON r.record_id = 'crm:' || c.contact_key
