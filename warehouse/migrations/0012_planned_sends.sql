-- Planned sends (`slm audience plan`): an exported audience recorded as mail a department will send, so the next
-- audience build and `slm outreach check` count it against caps and collisions before it is sent, and a later
-- mailing extract can be reconciled with it. Recipients are kept as the pseudonymous key of their CRM contact
-- (system_key('crm', contact id)), never a name or address; `slm erase` deletes the rows of an erased contact.

-- grain: one row per plan (plan_id): one audience, department, campaign and send time.
CREATE TABLE IF NOT EXISTS meta.planned_send (
  plan_id      VARCHAR PRIMARY KEY,
  recorded_at  TIMESTAMPTZ NOT NULL,
  audience     VARCHAR NOT NULL,
  department   VARCHAR NOT NULL,
  campaign     VARCHAR NOT NULL,
  purpose      VARCHAR NOT NULL,
  planned_at   TIMESTAMP NOT NULL,
  recipients   INTEGER NOT NULL
);

-- grain: one row per plan x recipient (the CRM contact the export named).
CREATE TABLE IF NOT EXISTS meta.planned_recipient (
  plan_id      VARCHAR NOT NULL,
  contact_key  VARCHAR NOT NULL,
  PRIMARY KEY (plan_id, contact_key)
);
