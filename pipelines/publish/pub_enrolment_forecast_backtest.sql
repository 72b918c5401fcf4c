-- grain: one row per stage x horizon (12_weeks, 8_weeks, 4_weeks, 0_weeks before the application deadline, reply_by)
-- x size band (small, medium, large, all): how good past forecasts were (marts.mart_enrolment_forecast_backtest),
-- each made from only what was known on its day. Its figures are of programme x intakes, not persons, but an error
-- over a handful of them comes near one programme's counts: coverage and MAPE are shown only over as many forecasts
-- as a rate needs persons (rate_suppressed), as computed (rounding the forecasts would only blur the figure).
SELECT
  stage,
  horizon,
  horizon_order,
  size_band,
  forecasts,
  CASE WHEN NOT rate_suppressed(forecasts, forecasts) THEN round(covered80 / forecasts, 4) END AS coverage80,
  CASE WHEN NOT rate_suppressed(forecasts, forecasts) THEN round(covered95 / forecasts, 4) END AS coverage95,
  CASE WHEN NOT rate_suppressed(mape_forecasts, mape_forecasts) THEN round(mape, 4) END AS mape,
  rate_suppressed(forecasts, forecasts) AS coverage_suppressed
FROM marts.mart_enrolment_forecast_backtest
ORDER BY stage, horizon_order, size_band
