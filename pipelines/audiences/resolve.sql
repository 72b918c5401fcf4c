-- grain: one row per person (person_id) an audience's `who` names (TEMP table audience_definition, one row), with
-- the programme, intake and country of the earliest event of its first reached stage that matched, and the school.
-- Events up to the reference date. A reached stage needs an event of it that names one of the audience's
-- programmes and intakes (when it lists them; an inquiry names no intake and counts toward its cycle's,
-- core.int_inquiry_intakes). A stage not to have reached bars the person when an event of it names one of those
-- programmes or none, and one of those intakes or none: an open day is for a cycle, not a programme.
WITH def AS (
  SELECT * FROM audience_definition
),

events AS (
  SELECT e.person_id, e.stage, e.event_at, e.programme_code, coalesce(e.intake, i.cycle_intake) AS intake,
         e.country, e.country_code
  FROM core.fct_lifecycle_events AS e
  LEFT JOIN core.int_inquiry_intakes AS i USING (event_id)
  WHERE e.event_date <= (SELECT reference_date FROM slm_settings)
),

reaching AS (
  SELECT e.*
  FROM events AS e, def AS d
  WHERE list_contains(d.reached, e.stage)
    AND (d.programmes IS NULL OR list_contains(d.programmes, e.programme_code))
    AND (d.intakes IS NULL OR list_contains(d.intakes, e.intake))
),

reached_all AS (
  SELECT person_id
  FROM reaching
  GROUP BY person_id
  HAVING count(DISTINCT stage) = (SELECT len(list_distinct(reached)) FROM def)
),

barred AS (
  SELECT DISTINCT e.person_id
  FROM events AS e, def AS d
  WHERE list_contains(d.not_reached, e.stage)
    AND (d.programmes IS NULL OR e.programme_code IS NULL OR list_contains(d.programmes, e.programme_code))
    AND (d.intakes IS NULL OR e.intake IS NULL OR list_contains(d.intakes, e.intake))
),

-- the earliest matching event of the first stage the audience lists: where its own columns come from
first_match AS (
  SELECT e.person_id, e.programme_code, e.intake, e.country, e.country_code
  FROM reaching AS e, def AS d
  WHERE e.stage = d.reached[1]
  QUALIFY row_number() OVER (PARTITION BY e.person_id ORDER BY e.event_at, e.programme_code, e.intake) = 1
),

-- a person's country: the first of their events that names one (applications do), else their CRM contact's
person_country AS (
  SELECT person_id, arg_min(country_code, event_at) AS country_code
  FROM events
  WHERE country_code IS NOT NULL
  GROUP BY person_id
),

contact_country AS (
  SELECT r.person_id, min(c.country_code) AS country_code
  FROM staging.stg_crm__contacts AS c
  JOIN identity.person_registry AS r ON r.record_id = 'crm:' || c.contact_key
  WHERE c.country_code IS NOT NULL AND c.country_code <> ''
  GROUP BY r.person_id
),

alumni AS (
  SELECT
    person_id,
    list_filter([
      CASE WHEN philanthropic THEN 'philanthropic' END, CASE WHEN volunteer THEN 'volunteer' END,
      CASE WHEN experiential THEN 'experiential' END, CASE WHEN communication THEN 'communication' END
    ], x -> x IS NOT NULL) AS modes,
    list_filter([
      CASE WHEN guest_lecturer THEN 'guest_lecture' END, CASE WHEN mentor THEN 'mentoring' END,
      CASE WHEN internship_host THEN 'internship' END
    ], x -> x IS NOT NULL) AS pools
  FROM core.fct_alumni
),

members AS (
  SELECT
    f.person_id,
    f.programme_code,
    f.intake,
    coalesce(p.country_code, k.country_code) AS country_code,
    CASE
      WHEN coalesce(p.country_code, k.country_code) IS NULL OR f.country IS NULL THEN NULL
      WHEN coalesce(p.country_code, k.country_code) = upper(f.country) THEN 'domestic'
      ELSE 'international'
    END AS country_group,
    s.school_code,
    a.modes,
    a.pools
  FROM first_match AS f
  JOIN reached_all USING (person_id)
  LEFT JOIN person_country AS p USING (person_id)
  LEFT JOIN contact_country AS k USING (person_id)
  LEFT JOIN core.dim_person_school AS s USING (person_id)
  LEFT JOIN alumni AS a USING (person_id)
  WHERE f.person_id NOT IN (SELECT person_id FROM barred)
)

SELECT m.person_id, m.programme_code, m.intake, m.country_code, m.school_code
FROM members AS m, def AS d
WHERE (d.schools IS NULL OR list_contains(d.schools, m.school_code))
  AND (d.country_group IS NULL OR m.country_group = d.country_group)
  AND (d.alumni_modes IS NULL OR list_has_any(d.alumni_modes, coalesce(m.modes, [])))
  AND (d.alumni_pools IS NULL OR list_has_any(d.alumni_pools, coalesce(m.pools, [])))
