import { reportError } from "./errors.ts";
import { endQuietlyWhenReaderLeaves } from "./output.ts";
import { buildProgram } from "./program.ts";

for (const stream of [process.stdout, process.stderr]) endQuietlyWhenReaderLeaves(stream);

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, process.argv.includes("--debug"));
}
