-- grain: one row per Studielink enrolment request (VTI: studielink_key x programme_code x intake): the mapping of
-- Studielink onto the country-neutral admissions model, so that core.fct_admission_choices holds its requests beside
-- every other system's choices. It gives the canonical columns with each step already dated, by the rules the
-- lifecycle events have always used for Studielink:
-- - application: requested_on, detail the request status (aangemeld, ingeschreven, geannuleerd, uitgeschreven);
-- - offered: admission decision "toegelaten", on decided_on, detail the decision;
-- - accepted: "toegelaten" and paid (payment arranged), on decided_on, detail 'betaling';
-- - enrolled: on the intake's census day in the calendar (slm_calendar.census_on) for a request still
--   "ingeschreven", or "uitgeschreven" only after the census; detail the request status;
-- - withdrawn: "geannuleerd", on its status date (no lifecycle event: the application's detail carries it);
-- - eligible, reserve, declined: never; Studielink states no eligibility, reserve list or refusal, and the lifecycle
--   has no such events from it. round and priority: NULL (a VTI has neither).
-- left_on (not a canonical step, so not in core.fct_admission_choices): "uitgeschreven" after the census, on its
-- status date; fct_lifecycle_events makes the `left` event of it.
-- The Dutch status codes here are the mapping itself; the census date comes from the calendar.
-- record_id is the applicant's own person-record (identity.int_person_records); source_model / source_key are
-- the staging row the events cite, so their event_id stays what it was before Studielink joined the canonical model.
-- test: unique(choice_key)
-- test: not_null(choice_key, record_id, programme_code)
-- test: relationships(record_id -> identity.int_person_records.record_id)
WITH studielink AS (
  SELECT
    l.*,
    c.country,
    c.census_on,
    studielink_enrolled(l.request_status, l.status_on, c.census_on) AS enrolled,
    l.request_status = 'uitgeschreven' AND l.status_on >= c.census_on AS left_after_census
  FROM staging.stg_studielink__enrolment_requests AS l
  LEFT JOIN slm_calendar AS c ON c.intake = l.intake
)

SELECT
  'studielink' AS system,
  concat_ws(':', l.studielink_key, l.programme_code, coalesce(l.intake, '')) AS choice_key,
  'studielink:' || l.studielink_key AS record_id,
  l.programme_code,
  l.intake,
  NULL::VARCHAR AS round,
  NULL::INTEGER AS priority,
  l.country,
  l.nationality AS country_code,
  NULL::VARCHAR AS financing,
  NULL::BOOLEAN AS fee_paying,
  NULL::DOUBLE AS score,
  NULL::TIMESTAMP AS submitted_at,
  l.requested_on AS applied_on,
  l.request_status AS application_detail,
  NULL::DATE AS eligible_on,
  NULL::VARCHAR AS eligible_detail,
  CASE WHEN l.admission_decision = 'toegelaten' THEN l.decided_on END AS offered_on,
  l.admission_decision AS offered_detail,
  NULL::DATE AS reserve_on,
  NULL::VARCHAR AS reserve_detail,
  CASE WHEN l.admission_decision = 'toegelaten' AND l.paid THEN l.decided_on END AS accepted_on,
  'betaling' AS accepted_detail,
  NULL::DATE AS declined_on,
  NULL::VARCHAR AS declined_detail,
  CASE WHEN l.request_status = 'geannuleerd' THEN coalesce(l.status_on, l.requested_on) END AS withdrawn_on,
  CASE WHEN l.enrolled THEN l.census_on END AS enrolled_on,
  l.request_status AS enrolled_detail,
  CASE WHEN l.left_after_census THEN l.status_on END AS left_on,
  l.request_status AS left_detail,
  'stg_studielink__enrolment_requests' AS source_model,
  l.programme_code || ':' || l.intake AS source_key,
  l._file_id AS file_id
FROM studielink AS l
