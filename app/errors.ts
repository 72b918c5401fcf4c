/**
 * A failure worded for the person who asked for the operation: what is wrong and what to do. Callers show
 * the message as it is (the command line: one line on stderr, exit code 1) and never a stack trace.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    message: string,
    /** A message written as several lines on purpose (a failed site build's tail, one problem per line). */
    readonly multiline = false,
  ) {
    super(message);
  }
}

/** What the operation reads is not there yet: no warehouse, no identity results, nothing published. */
export class NotReadyError extends AppError {
  override name = "NotReadyError";
}

/** The request cannot be done as asked: a file that is not there, options that do not go together. */
export class RequestError extends AppError {
  override name = "RequestError";
}

/** Nothing answers to what was asked for (a person's identifier). */
export class NotFoundError extends AppError {
  override name = "NotFoundError";
}

/** Something exists that the operation will not overwrite or remove. */
export class RefusedError extends AppError {
  override name = "RefusedError";
}

/** The static site could not be built (Framework failed, the release changed underfoot, another build). */
export class SiteBuildError extends AppError {
  override name = "SiteBuildError";
}
