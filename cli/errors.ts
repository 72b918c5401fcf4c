import { CommanderError } from "commander";
import { AppError } from "../app/errors.ts";
import { LoadError } from "../loaders/errors.ts";
import { PlannedMailingError } from "../loaders/outreach/planned-mailing.ts";
import { ProfileError } from "../loaders/profile.ts";
import { CalendarError } from "../pipelines/calendar/check-intakes.ts";
import { ModelError } from "../pipelines/models.ts";
import { DataTestFailure, ModelRunError } from "../pipelines/runner.ts";
import { ConfigError } from "../warehouse/config.ts";
import { WarehouseLockedError } from "../warehouse/connection.ts";
import { NotOwnedError } from "../warehouse/owned-folder.ts";
import { SecretError } from "../warehouse/secret.ts";
import { printable } from "./output.ts";

/** An error whose message is written for the user: shown as is, without a stack. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
    /** A message written as several lines on purpose (e.g. the tail of a failed site build). */
    readonly multiline = false,
  ) {
    super(message);
  }
}

const USER_ERRORS = [
  CliError,
  AppError,
  PlannedMailingError,
  ConfigError,
  WarehouseLockedError,
  NotOwnedError,
  SecretError,
  LoadError,
  ProfileError,
  ModelError,
  ModelRunError,
  DataTestFailure,
  CalendarError,
];

/** Exit code 75 (EX_TEMPFAIL) tells a scheduler that trying again later may work. */
export const EXIT_LOCKED = 75;

/**
 * Faults of the machine or of the warehouse file rather than of slm (a full disk, a read-only folder, a
 * damaged file), reworded as one line that says what happened and what to do. DuckDB reports them as
 * IO errors naming the file; Node as errno codes.
 */
export function resourceFault(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const file = /(?:file|open) "([^"]+)"/.exec(message)?.[1] ?? (error as NodeJS.ErrnoException)?.path;
  const where = file ? ` writing ${file}` : "";
  if (code === "ENOSPC" || /No space left on device/i.test(message)) {
    return `disk full${where}: the step that was writing was rolled back and earlier data is unchanged; free some space and run again`;
  }
  if (code === "EROFS" || code === "EACCES" || /Read-only file system|Permission denied/i.test(message)) {
    const why =
      code === "EACCES" || /Permission denied/i.test(message) ? "permission denied" : "read-only file system";
    return `cannot write${file ? ` ${file}` : ""} (${why}); nothing was changed: run slm where its data folder is writable`;
  }
  if (
    /not a valid DuckDB database file|Corrupt database file|Could not read enough bytes from file/i.test(
      message,
    )
  ) {
    return `the warehouse file${file ? ` ${file}` : ""} is damaged (${message.replace(/^IO Error: /, "")}); slm left it as it is: restore it from a backup, or move it away and load the extracts again (slm ingest, slm run)`;
  }
  return null;
}

export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : error.exitCode || 2;
  // A LoadError's, CliError's or the application layer's message is already the user's, naming the extract
  // (a full scratch disk says which one, also when ingest reports it as a file's failure).
  const worded = [LoadError, CliError, AppError, PlannedMailingError].some((kind) => error instanceof kind);
  const fault = worded ? null : resourceFault(error);
  const known = fault !== null || USER_ERRORS.some((kind) => error instanceof kind);
  const message = fault ?? (error instanceof Error ? error.message : String(error));
  // One line naming the problem; only a message written as several lines (a failed site build's tail, a
  // profile's, a configuration's or a planned mailing's problems one per line) keeps its line breaks, and a
  // file's name or bytes never reach the terminal as control characters.
  const lines =
    ((error instanceof CliError || error instanceof AppError) && error.multiline) ||
    error instanceof ProfileError ||
    error instanceof ConfigError ||
    error instanceof PlannedMailingError
      ? "\n"
      : "";
  process.stderr.write(`slm: ${printable(message, lines)}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else if (!known) process.stderr.write("slm: (unexpected error; run again with --debug for details)\n");
  if (error instanceof WarehouseLockedError) return EXIT_LOCKED;
  if (error instanceof CliError) return error.exitCode;
  // Every error of the application layer (app/errors.ts) is the user's to act on: exit code 1.
  return 1;
}
