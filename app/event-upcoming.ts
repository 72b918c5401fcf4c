import type { LoadedConfig } from "../warehouse/config.ts";
import { withBuiltTables } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

/** One session after the reference date (marts.mart_upcoming_sessions). */
export interface UpcomingSession {
  session_id: string;
  event_type: string | null;
  intake: string | null;
  programme_code: string | null;
  session_date: string;
  capacity: number | null;
  confirmed: number;
  waitlisted: number;
  /** confirmed / capacity; null without a capacity. */
  fill: number | null;
  /** The event type's show rate so far: past_shows of past_confirmed confirmed registrants checked in. */
  past_shows: number;
  past_confirmed: number;
  /** ok, or no_history: no session of the type held yet, so no prediction. */
  status: string;
  predicted_turnout: number | null;
  predicted_turnout_low: number | null;
  predicted_turnout_high: number | null;
}

/** How often the interval held the turnout, each held session predicted the day before (mart_event_turnout_backtest). */
export interface TurnoutBacktestRow {
  /** last_cycle: the intakes whose application deadline fell in the year up to the reference date; all: every held session. */
  scope: string;
  event_type: string;
  sessions: number;
  scored: number;
  covered: number;
  no_history: number;
  coverage: number | null;
}

export interface UpcomingReport {
  /** The reference date of the last run: sessions after it are upcoming. */
  as_of: string;
  sessions: UpcomingSession[];
  backtest: TurnoutBacktestRow[];
}

/**
 * `slm event upcoming`: the sessions after the last run's reference date with capacity, confirmed, waitlisted and
 * predicted turnout (95% interval), and the backtest of the prediction over the last completed cycle and all held
 * sessions. Aggregates only; reads the marts the last `slm run` built.
 */
export async function eventUpcoming(
  loaded: LoadedConfig,
  onProgress: Progress = silent,
): Promise<UpcomingReport> {
  return withBuiltTables(
    loaded,
    [
      ["marts", "mart_upcoming_sessions"],
      ["marts", "mart_event_turnout_backtest"],
    ],
    async (warehouse) => {
      const sessions = await warehouse.all<UpcomingSession>(
        `SELECT session_id, event_type, intake, programme_code, session_date::VARCHAR AS session_date,
                capacity::INTEGER AS capacity, confirmed::INTEGER AS confirmed, waitlisted::INTEGER AS waitlisted,
                CASE WHEN fill_den > 0 THEN round(fill_num / fill_den, 3) END AS fill,
                past_shows::INTEGER AS past_shows, past_confirmed::INTEGER AS past_confirmed, status,
                round(predicted_turnout, 1) AS predicted_turnout,
                predicted_turnout_low::INTEGER AS predicted_turnout_low,
                predicted_turnout_high::INTEGER AS predicted_turnout_high
           FROM marts.mart_upcoming_sessions
          ORDER BY starts_at, session_id`,
      );
      const backtest = await warehouse.all<TurnoutBacktestRow>(
        `SELECT scope, event_type, sessions::INTEGER AS sessions, scored::INTEGER AS scored,
                covered::INTEGER AS covered, no_history::INTEGER AS no_history,
                CASE WHEN turnout_coverage_den > 0 THEN round(turnout_coverage_num / turnout_coverage_den, 3) END AS coverage
           FROM marts.mart_event_turnout_backtest
          ORDER BY scope DESC, event_type = 'all', event_type`,
      );
      const asOf = await warehouse.one<{ as_of: string }>(
        `SELECT max(reference_date)::VARCHAR AS as_of FROM marts.mart_event_turnout_backtest`,
      );
      return { as_of: asOf?.as_of ?? "", sessions, backtest };
    },
    { readOnly: true, onProgress },
  );
}
