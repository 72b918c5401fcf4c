import type { z } from "zod";
import { CliError } from "./errors.ts";

/** A command's options (as commander hands them over) checked against its schema; a bad one is named. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CliError(
      issue.path.length > 0 ? `--${String(issue.path[0])}: ${issue.message}` : issue.message,
    );
  }
  return result.data;
}
