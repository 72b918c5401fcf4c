-- grain: one row per pair of messages to one person from two different departments sent within the configured collision window (default 48 h, inclusive).
-- The pair is ordered: message 1 is the earlier (on a tie, the lower mailing_id). Same-department pairs are not collisions.
-- incremental: core.fct_mailings by person_id
-- (a person's pairs are made of that person's messages alone, so a daily file rebuilds the persons it mails)
WITH collision_window AS (
  SELECT collision_hours * 3600 AS seconds FROM slm_outreach
),

-- each message in a time bucket as wide as the window: a message within the window after another is in the same
-- bucket or the next, so the self-join meets those pairs only (joined on the person alone it met 56 M pairs at
-- 1M persons to keep 20 k)
mailings AS (
  SELECT
    m.person_id, m.mailing_id, m.department, m.campaign, m.sent_at,
    -- (a zero-hour window still needs a bucket width)
    floor(epoch(m.sent_at) / greatest(w.seconds, 1))::BIGINT AS bucket
  FROM core.fct_mailings AS m
  CROSS JOIN collision_window AS w
),

earlier AS (
  SELECT *, unnest([bucket, bucket + 1]) AS later_bucket FROM mailings
)

SELECT
  a.person_id,
  a.mailing_id AS mailing_id_1,
  a.department AS department_1,
  a.campaign AS campaign_1,
  a.sent_at AS sent_at_1,
  b.mailing_id AS mailing_id_2,
  b.department AS department_2,
  b.campaign AS campaign_2,
  b.sent_at AS sent_at_2,
  round(epoch(b.sent_at - a.sent_at) / 3600, 2) AS hours_apart
FROM earlier AS a
JOIN mailings AS b
  ON a.person_id = b.person_id
  AND a.later_bucket = b.bucket
  AND a.department <> b.department
  AND (b.sent_at > a.sent_at OR (b.sent_at = a.sent_at AND b.mailing_id > a.mailing_id))
CROSS JOIN collision_window AS w
WHERE epoch(b.sent_at - a.sent_at) <= w.seconds
ORDER BY a.person_id, a.sent_at, a.mailing_id, b.sent_at, b.mailing_id
