-- Alumni membership: programme, graduation year, employer and sector as the alumni database holds them.
-- grain: one row per alumni member record of the person
SELECT m.programme_code, m.degree_name, m.graduation_year::INTEGER AS graduation_year, m.employer, m.sector,
       m.job_title, m.joined_on::VARCHAR AS joined_on
FROM staging.stg_alumni__members AS m
WHERE m.member_key IN (SELECT record_key FROM person_records WHERE source = 'alumni')
ORDER BY m.joined_on, m.programme_code
