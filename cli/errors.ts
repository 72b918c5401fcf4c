import { CommanderError } from "commander";
import { LoadError } from "../loaders/errors.ts";
import { ProfileError } from "../loaders/profile.ts";
import { ModelError } from "../pipelines/models.ts";
import { DataTestFailure, ModelRunError } from "../pipelines/runner.ts";
import { ConfigError } from "../warehouse/config.ts";
import { WarehouseLockedError } from "../warehouse/connection.ts";
import { SecretError } from "../warehouse/secret.ts";

/** An error whose message is written for the user: shown as is, without a stack. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const USER_ERRORS = [
  CliError,
  ConfigError,
  WarehouseLockedError,
  SecretError,
  LoadError,
  ProfileError,
  ModelError,
  ModelRunError,
  DataTestFailure,
];

/** Exit code 75 (EX_TEMPFAIL) tells a scheduler that trying again later may work. */
export const EXIT_LOCKED = 75;

export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : error.exitCode || 2;
  const known = USER_ERRORS.some((kind) => error instanceof kind);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`slm: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else if (!known) process.stderr.write("slm: (unexpected error; run again with --debug for details)\n");
  if (error instanceof WarehouseLockedError) return EXIT_LOCKED;
  if (error instanceof CliError) return error.exitCode;
  return 1;
}
