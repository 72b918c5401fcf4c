-- grain: one row per person (person_id) an audience's `who` names (TEMP table audience_definition, one row), with
-- the programme, intake and country of the earliest event of its first reached stage that matched (else of the
-- graduation that matched, else the alumni record's programme), the school, and an alumnus's employer and sector.
-- Events up to the reference date. A reached stage needs an event of it that names one of the audience's
-- programmes and intakes (when it lists them; an inquiry names no intake and counts toward its cycle's,
-- core.int_inquiry_intakes). A stage not to have reached bars the person when an event of it names one of those
-- programmes or none, and one of those intakes or none: an open day is for a cycle, not a programme.
-- Graduated within N years: a degree (stage graduated) dated in the N years up to the reference date, of one of
-- the graduation programmes when named; a person with no such degree, by their alumni record's graduation year,
-- when it is no earlier than the year of the reference date less N years (a year alone may be that late in it).
-- Not applied to: no event from application on (application, offer, reply, enrolment, ...) names those programmes.
-- The criteria the audience names (reached, graduated, alumni) must all hold.
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

degrees AS (
  SELECT e.person_id, e.event_at::DATE AS graduated_on, e.programme_code, e.intake, e.country
  FROM events AS e, def AS d
  WHERE d.within_years IS NOT NULL AND e.stage = 'graduated'
    AND (d.graduated_programmes IS NULL OR list_contains(d.graduated_programmes, e.programme_code))
),

-- an alumni record's graduation year stands in only where the records system has no such degree (pre-2010)
member_graduations AS (
  SELECT a.person_id, a.graduation_year, a.programme_code
  FROM core.fct_alumni AS a, def AS d
  WHERE d.within_years IS NOT NULL AND a.graduation_year IS NOT NULL
    AND (d.graduated_programmes IS NULL OR list_contains(d.graduated_programmes, a.programme_code))
    AND a.person_id NOT IN (SELECT person_id FROM degrees)
),

-- the latest graduation within the years, of each graduate
graduates AS (
  SELECT person_id, programme_code, intake, country
  FROM (
    SELECT g.person_id, g.graduated_on, g.programme_code, g.intake, g.country
    FROM degrees AS g, def AS d, slm_settings AS s
    WHERE g.graduated_on >= s.reference_date - to_years(d.within_years)
    UNION ALL
    SELECT g.person_id, make_date(g.graduation_year, 12, 31), g.programme_code, NULL, NULL
    FROM member_graduations AS g, def AS d, slm_settings AS s
    WHERE g.graduation_year BETWEEN year(s.reference_date - to_years(d.within_years)) AND year(s.reference_date)
  )
  QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY graduated_on DESC, programme_code) = 1
),

-- applied to a follow-on programme: any event from the application on that names one
applied AS (
  SELECT DISTINCT e.person_id
  FROM events AS e, def AS d
  WHERE list_contains(d.not_applied_to, e.programme_code)
    AND e.stage NOT IN ('inquiry', 'open_day_registered', 'open_day_attended', 'trial_lecture')
),

-- where the export's own columns come from: the first reached stage's event, else the graduation, else the alumni
-- record
origins AS (
  SELECT person_id, programme_code, intake, country
  FROM (
    SELECT person_id, programme_code, intake, country, 1 AS rank FROM first_match
    UNION ALL
    SELECT person_id, programme_code, intake, country, 2 FROM graduates
    UNION ALL
    SELECT person_id, programme_code, NULL, NULL, 3 FROM core.fct_alumni
  )
  QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY rank) = 1
),

candidates AS (
  SELECT person_id FROM reached_all
  UNION
  SELECT person_id FROM graduates
  UNION
  SELECT a.person_id FROM core.fct_alumni AS a, def AS d WHERE d.alumni
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
    TRUE AS is_alumnus,
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

-- an alumnus's employer and sector: the alumni record's (the latest graduation's with an employer), else the
-- company of their newest LinkedIn connection (LinkedIn has no sector)
member_employers AS (
  SELECT r.person_id, m.employer, m.sector
  FROM staging.stg_alumni__members AS m
  JOIN identity.person_registry AS r ON r.record_id = 'alumni:' || m.member_key
  WHERE nullif(trim(m.employer), '') IS NOT NULL
  QUALIFY row_number() OVER (
    PARTITION BY r.person_id ORDER BY m.graduation_year DESC NULLS LAST, m.joined_on DESC NULLS LAST, m.member_key
  ) = 1
),

linkedin_employers AS (
  SELECT r.person_id, l.company AS employer
  FROM staging.stg_linkedin__connections AS l
  JOIN identity.person_registry AS r ON r.record_id = 'linkedin:' || l.connection_key
  WHERE nullif(trim(l.company), '') IS NOT NULL
  QUALIFY row_number() OVER (
    PARTITION BY r.person_id ORDER BY l.connected_on DESC NULLS LAST, l.connection_key
  ) = 1
),

employers AS (
  SELECT person_id, coalesce(m.employer, l.employer) AS employer, m.sector
  FROM member_employers AS m
  FULL JOIN linkedin_employers AS l USING (person_id)
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
    a.is_alumnus,
    a.modes,
    a.pools,
    x.employer,
    x.sector
  FROM candidates AS c
  JOIN origins AS f USING (person_id)
  LEFT JOIN person_country AS p USING (person_id)
  LEFT JOIN contact_country AS k USING (person_id)
  LEFT JOIN core.dim_person_school AS s USING (person_id)
  LEFT JOIN alumni AS a USING (person_id)
  LEFT JOIN employers AS x USING (person_id)
  WHERE c.person_id NOT IN (SELECT person_id FROM barred)
    AND c.person_id NOT IN (SELECT person_id FROM applied)
)

SELECT m.person_id, m.programme_code, m.intake, m.country_code, m.school_code, m.employer, m.sector
FROM members AS m, def AS d
WHERE (len(d.reached) = 0 OR m.person_id IN (SELECT person_id FROM reached_all))
  AND (d.within_years IS NULL OR m.person_id IN (SELECT person_id FROM graduates))
  AND (NOT d.alumni OR coalesce(m.is_alumnus, FALSE))
  AND (d.schools IS NULL OR list_contains(d.schools, m.school_code))
  AND (d.country_group IS NULL OR m.country_group = d.country_group)
  AND (d.alumni_modes IS NULL OR list_has_any(d.alumni_modes, coalesce(m.modes, [])))
  AND (d.alumni_pools IS NULL OR list_has_any(d.alumni_pools, coalesce(m.pools, [])))
