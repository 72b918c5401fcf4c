import type { Command } from "commander";
import { z } from "zod";
import { eventAttendees } from "../../app/event-attendees.ts";
import { eventUpcoming } from "../../app/event-upcoming.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { count, printJson, progress, table } from "../output.ts";

const upcomingOptions = z.object({ json: z.boolean().optional() });
const attendeesOptions = z.object({ json: z.boolean().optional(), out: z.string().min(1).optional() });

const percent = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(0)}%`);

export function registerEvent(program: Command): void {
  const event = program
    .command("event")
    .description("event operations: upcoming open days and trial lectures, and the badge / check-in list");
  event
    .command("upcoming")
    .description(
      "sessions after the reference date with capacity, confirmed, waitlisted and predicted turnout (95% interval), and how often past predictions held",
    )
    .option("--json", "print the sessions and the backtest as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(upcomingOptions, raw);
      const report = await eventUpcoming(configFor(command.optsWithGlobals<GlobalOptions>()), progress);
      if (options.json) return printJson(report);
      const out = process.stdout;
      out.write(`sessions after ${report.as_of}\n\n`);
      out.write(
        table(
          report.sessions.map((s) => ({
            date: s.session_date,
            session: s.session_id,
            type: s.event_type,
            intake: s.intake,
            capacity: s.capacity,
            confirmed: s.confirmed,
            waitlisted: s.waitlisted,
            fill: percent(s.fill),
            "predicted turnout":
              s.predicted_turnout === null
                ? `- (${s.status})`
                : `${s.predicted_turnout.toFixed(1)} (${s.predicted_turnout_low}-${s.predicted_turnout_high})`,
          })),
        ),
      );
      out.write("\npredicted turnout's 95% interval held (each held session predicted the day before):\n");
      out.write(
        table(
          report.backtest.map((b) => ({
            scope: b.scope === "last_cycle" ? "last completed cycle" : "all held sessions",
            type: b.event_type,
            sessions: b.sessions,
            predicted: b.scored,
            held: b.covered,
            coverage: percent(b.coverage),
          })),
        ),
      );
    });
  event
    .command("attendees")
    .description(
      "the badge / check-in list of a session: its confirmed registrants with name, programme of interest and badge text (local, audited, never published)",
    )
    .argument("<session>", "the session's id, as the CRM names it (slm event upcoming lists them)")
    .option("--out <file.csv>", "write the list to this new CSV file (an existing file is refused)")
    .option("--json", "print the list as JSON")
    .action(async (session: string, raw: unknown, command: Command) => {
      const options = parseOptions(attendeesOptions, raw);
      const list = await eventAttendees(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        { session, out: options.out },
        progress,
      );
      progress("personal data for the day's check-in only; this list was written to the audit log");
      if (options.json) return printJson(list);
      if (list.written) {
        process.stdout.write(
          `${count(list.attendees.length)} confirmed registrants of ${list.session_id} written to ${list.written}\n`,
        );
        return;
      }
      process.stdout.write(
        `${list.session_id} (${list.event_type ?? "event"}, ${list.session_date ?? "no date"}): ${count(list.attendees.length)} confirmed registrants\n\n`,
      );
      process.stdout.write(table(list.attendees as unknown as Record<string, unknown>[]));
    });
}
