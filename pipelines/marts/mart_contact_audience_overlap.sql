-- grain: one row per calendar month x ordered pair of departments (department_a, department_b) that share at least one recipient that month; the diagonal (a = b) is the department's audience.
-- persons = distinct persons mailed by both departments in the month. The matrix is symmetric: (a, b) and (b, a) both appear.
-- incremental: core.fct_mailings by (person_id, sent_month), summing persons
-- (each person counts once in each cell of their own messages of that month, so a daily file adds and takes away
-- only its persons' counts in the months it mails them)
WITH audience AS (
  SELECT DISTINCT sent_month AS month, department, person_id
  FROM core.fct_mailings
)

SELECT a.month, a.department AS department_a, b.department AS department_b, count(*) AS persons
FROM audience AS a
JOIN audience AS b ON a.month = b.month AND a.person_id = b.person_id
GROUP BY ALL
ORDER BY a.month, department_a, department_b
