-- grain: one row per stage x horizon (12_weeks, 8_weeks, 4_weeks, 0_weeks before the application deadline,
-- reply_by) x size band (small, medium, large, and all): how good the forecasts of marts.mart_enrolment_forecast_runs
-- were for every programme x intake whose census has passed (not the intakes over all programmes), each made from
-- only what was known on its day.
-- forecasts: programme x intakes forecast (status ok); covered80 / covered95: of them, those whose realised count
-- fell inside the 80% / 95% interval (coverage = covered / forecasts); mape: the mean absolute percentage error
-- |expected - realised| / realised over the mape_forecasts whose realised count is above 0 (NULL without any).
-- test: unique(stage, horizon, size_band)
-- test: not_null(stage, horizon, size_band, forecasts, covered80, covered95, mape_forecasts)
-- test: accepted_values(size_band: small, medium, large, all)
-- test: expect(covered80 <= covered95 AND covered95 <= forecasts AND mape_forecasts <= forecasts)
WITH scored AS (
  SELECT stage, horizon, horizon_order, size_band,
         (realised BETWEEN low80 AND high80)::INTEGER AS in80,
         (realised BETWEEN low95 AND high95)::INTEGER AS in95,
         CASE WHEN realised > 0 THEN abs(expected - realised) / realised END AS ape
  FROM marts.mart_enrolment_forecast_runs
  WHERE horizon <> 'reference_date' AND status = 'ok' AND realised IS NOT NULL AND programme_code <> 'all'
)

SELECT
  stage,
  horizon,
  any_value(horizon_order) AS horizon_order,
  coalesce(size_band, 'all') AS size_band,
  count(*)::BIGINT AS forecasts,
  sum(in80)::BIGINT AS covered80,
  sum(in95)::BIGINT AS covered95,
  count(ape)::BIGINT AS mape_forecasts,
  round(avg(ape), 6) AS mape  -- rounded: a double average's last bits follow the threads' order
FROM scored
GROUP BY GROUPING SETS ((stage, horizon, size_band), (stage, horizon))
ORDER BY stage, horizon_order, size_band
