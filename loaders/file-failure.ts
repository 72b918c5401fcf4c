import { LoadError } from "./errors.ts";
import { ProfileError } from "./profile.ts";

/**
 * DuckDB's CSV reader can give up on a damaged file as a whole ("state machine reached an invalid
 * state", or a NUL byte inside a quoted field read as an unterminated quote, which it reports as a
 * "Parameter Not Allowed Error"): that is the file's fault, so it is refused like any unreadable file,
 * naming it (both found by the loader fuzz test; they surfaced as unexpected errors).
 */
const CSV_READER_ERROR = /^(?:Invalid Input|Parameter Not Allowed) Error: (.*CSV.*)$/im;

export function asLoadError(error: unknown, fileName: string): unknown {
  if (error instanceof LoadError || !(error instanceof Error)) return error;
  const match = CSV_READER_ERROR.exec(error.message.split("\n")[0]!);
  if (!match) return error;
  const detail = /^(Value with unterminated quote found\.)$/m.exec(error.message)?.[1];
  const reason = detail ? `${match[1]!} ${detail}` : match[1]!;
  return new LoadError(fileName, `the CSV reader cannot read this file: ${reason}`);
}

/**
 * The one-line reason a file failed when the fault is the file's own (it cannot be read, parsed or
 * matched to a profile), so the batch goes on to the next file; null for any other fault (the
 * warehouse's disk, a bug), which stops the batch because the next file would meet it too.
 */
export function fileFailure(error: unknown, path: string, fileName: string): string | null {
  const converted = asLoadError(error, fileName);
  if (converted instanceof LoadError) return converted.message;
  if (converted instanceof ProfileError) return converted.message;
  const errno = converted as NodeJS.ErrnoException | undefined;
  // The extract itself could not be opened or read (its permissions, a file removed meanwhile).
  if (errno?.code && errno.path === path) {
    return new LoadError(
      fileName,
      `cannot read this file (${errno.code}); check that it exists and is readable`,
    ).message;
  }
  return null;
}
