-- grain: one row per sending department x campaign: its messages, the distinct persons they reached and how many of
-- those persons one of its messages pushed over the 7- or 30-day cap; the counts mart_contact_by_campaign shows.
-- incremental: marts.mart_contact_pressure by person_id, summing messages, persons, persons_over_cap
-- (every count is of one person's messages, so a person counts once per group and distinct persons add up over
-- disjoint sets of persons: a daily mailings file changes the counts of the persons it mails only)
-- test: unique(department, campaign)
-- test: not_null(messages, persons, persons_over_cap)
-- test: expect(persons_over_cap <= persons AND persons <= messages)
SELECT
  department,
  campaign,
  count(*) AS messages,
  count(DISTINCT person_id) AS persons,
  count(DISTINCT person_id) FILTER (WHERE over_cap_7_days OR over_cap_30_days) AS persons_over_cap
FROM marts.mart_contact_pressure
GROUP BY ALL
ORDER BY department, campaign
