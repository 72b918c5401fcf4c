import { existsSync } from "node:fs";
import { discoverModels } from "../pipelines/models.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { NotReadyError, RequestError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

export interface ForecastRow {
  programme_code: string;
  intake: string;
  stage: string;
  weeks_to_deadline: number;
  status: string;
  earlier_cycles: number;
  base_stage: string | null;
  persons_so_far: number;
  expected: number | null;
  low80: number | null;
  high80: number | null;
  low95: number | null;
  high95: number | null;
}

/** How good past forecasts of enrolment were at each horizon, over every programme x intake the backtest scored. */
export interface BacktestRow {
  horizon: string;
  forecasts: number;
  coverage80: number | null;
  coverage95: number | null;
  mape: number | null;
}

export interface ForecastReport {
  /** The day the forecasts are made as of: nothing dated after it is used. */
  as_of: string;
  forecasts: ForecastRow[];
  backtest: BacktestRow[];
}

const COLUMNS = `programme_code, intake, stage, weeks_to_deadline, status, earlier_cycles::INTEGER AS earlier_cycles,
  base_stage, persons_so_far::INTEGER AS persons_so_far, round(expected, 1) AS expected, round(low80, 1) AS low80,
  round(high80, 1) AS high80, round(low95, 1) AS low95, round(high95, 1) AS high95`;

const ORDER = `ORDER BY programme_code, intake,
  CASE stage WHEN 'application' THEN 1 WHEN 'admitted' THEN 2 WHEN 'accepted' THEN 3 ELSE 4 END`;

/** Enrolment's backtest over all programmes, from a table of marts.mart_enrolment_forecast_backtest's columns. */
const backtestOf = (table: string) => `SELECT horizon, forecasts::INTEGER AS forecasts,
    round(covered80 / forecasts, 3) AS coverage80, round(covered95 / forecasts, 3) AS coverage95,
    round(mape, 3) AS mape
  FROM ${table}
  WHERE stage = 'enrolled' AND size_band = 'all'
  ORDER BY horizon_order`;

async function tableExists(warehouse: Warehouse, schema: string, table: string): Promise<boolean> {
  const found = await warehouse.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2",
    [schema, table],
  );
  return (found?.n ?? 0) > 0;
}

/** The last run's forecasts (marts.mart_enrolment_forecast) and backtest, as of that run's reference date. */
async function lastRun(warehouse: Warehouse): Promise<ForecastReport> {
  if (!(await tableExists(warehouse, "marts", "mart_enrolment_forecast")))
    throw new NotReadyError("no forecast yet: run slm run first");
  const forecasts = await warehouse.all<ForecastRow>(
    `SELECT ${COLUMNS} FROM marts.mart_enrolment_forecast ${ORDER}`,
  );
  const asOf = await warehouse.one<{ as_of: string }>(
    `SELECT max(as_of)::VARCHAR AS as_of FROM marts.mart_enrolment_forecast_runs WHERE horizon = 'reference_date'`,
  );
  const backtest = await warehouse.all<BacktestRow>(backtestOf("marts.mart_enrolment_forecast_backtest"));
  return { as_of: asOf?.as_of ?? "", forecasts, backtest };
}

/**
 * The forecast models' SQL evaluated as of another day (registered as the reference date): the same definitions the
 * run builds, read from their files, so the figures are those `slm run --as-of` would make, without writing them.
 */
async function asOfDay(warehouse: Warehouse, asOf: string): Promise<ForecastReport> {
  if (!(await tableExists(warehouse, "core", "fct_lifecycle_events")))
    throw new NotReadyError("no lifecycle events yet: run slm run first");
  const sqlOf = (name: string) => {
    const model = discoverModels().find((m) => m.name === name);
    if (!model) throw new Error(`model ${name} not found`);
    return model.sql;
  };
  const runs = sqlOf("marts.mart_enrolment_forecast_runs");
  const forecasts = await warehouse.all<ForecastRow>(
    `SELECT ${COLUMNS} FROM (${runs}) WHERE horizon = 'reference_date' ${ORDER}`,
  );
  const scored = sqlOf("marts.mart_enrolment_forecast_backtest").replaceAll(
    "marts.mart_enrolment_forecast_runs",
    "forecast_runs",
  );
  const backtest = await warehouse.all<BacktestRow>(
    `WITH forecast_runs AS (${runs}), scored AS (${scored}) ${backtestOf("scored")}`,
  );
  return { as_of: asOf, forecasts, backtest };
}

/**
 * `slm forecast`: where each running intake of each programme will land at census (applicants, admitted, accepted,
 * enrolled, with 80% and 95% intervals, or why there is no forecast), and how good past forecasts of enrolment were
 * at each horizon. As of the last run's reference date, or, with `asOf`, of that day (YYYY-MM-DD), from only the
 * events dated on or before it.
 */
export async function forecast(
  loaded: LoadedConfig,
  options: { asOf?: string | undefined } = {},
  onProgress: Progress = silent,
): Promise<ForecastReport> {
  const path = resolvePath(loaded, loaded.config.paths.warehouse);
  if (!existsSync(path))
    throw new NotReadyError(`no warehouse yet at ${path}: run slm ingest and slm run first`);
  const { asOf } = options;
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new RequestError(`--as-of ${asOf}: expected a day as YYYY-MM-DD`);
  if (asOf === undefined) return withWarehouse(loaded, lastRun, { readOnly: true, onProgress });
  return withWarehouse(loaded, (warehouse) => asOfDay(warehouse, asOf), {
    readOnly: true,
    models: true,
    asOf,
    onProgress,
  });
}
