-- grain: one row per inquiry event (event_id) of core.fct_lifecycle_events: the intake whose admission cycle it belongs
-- to, cycle_intake. An inquiry names a programme but no intake: its cycle is the first intake its programme runs whose
-- deadline is on or after it (core.dim_inquiry_cycles by the programme's cycle_key in core.dim_programme_systems, else
-- calendar.defaultSystem's, 'default'); NULL when no cycle covers its day. The one reading of it the marts share.
-- test: unique(event_id)
-- test: not_null(event_id, person_id, event_date)
SELECT
  e.event_id,
  e.person_id,
  e.event_date,
  c.intake AS cycle_intake
FROM core.fct_lifecycle_events AS e
LEFT JOIN core.dim_programme_systems AS p ON p.programme_code = e.programme_code
LEFT JOIN core.dim_inquiry_cycles AS c ON c.cycle_key = coalesce(p.cycle_key, 'default') AND c.on_date = e.event_date
WHERE e.stage = 'inquiry'
