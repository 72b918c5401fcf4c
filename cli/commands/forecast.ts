import type { Command } from "commander";
import { z } from "zod";
import { forecast } from "../../app/forecast.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress, table } from "../output.ts";

const forecastOptions = z.object({ json: z.boolean().optional(), asOf: z.string().optional() });

const percent = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(0)}%`);

export function registerForecast(program: Command): void {
  program
    .command("forecast")
    .description(
      "where each running intake will land at census per programme (applicants, admitted, accepted, enrolled) with 80% and 95% intervals, and how good past forecasts were",
    )
    .option(
      "--as-of <date>",
      "forecast as of this day (YYYY-MM-DD), from only what was known then; default: the last run's",
    )
    .option("--json", "print the forecasts and the backtest as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(forecastOptions, raw);
      const report = await forecast(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        { asOf: options.asOf },
        progress,
      );
      if (options.json) return printJson(report);
      const out = process.stdout;
      out.write(`forecast as of ${report.as_of}\n\n`);
      out.write(table(report.forecasts as unknown as Record<string, unknown>[]));
      out.write("\nenrolment forecasts of past intakes (backtest, all programmes):\n");
      out.write(
        table(
          report.backtest.map((b) => ({
            horizon: b.horizon,
            forecasts: b.forecasts,
            "80% covered": percent(b.coverage80),
            "95% covered": percent(b.coverage95),
            MAPE: percent(b.mape),
          })),
        ),
      );
    });
}
