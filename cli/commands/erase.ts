import type { Command } from "commander";
import { z } from "zod";
import { type EraseResult, erase } from "../../app/erase.ts";
import type { LoadedConfig } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { count, printJson, progress } from "../output.ts";

const eraseOptions = z.object({ json: z.boolean().optional() });

/** `slm erase` with its progress on stderr. */
export function eraseCommand(loaded: LoadedConfig, value: string): Promise<EraseResult> {
  return erase(loaded, value, progress);
}

export function registerErase(program: Command): void {
  program
    .command("erase")
    .description(
      "erase a person from every table and published file, keep them out of later loads, compact the warehouse",
    )
    .argument("<id|email|personnummer>", "a person_id, an e-mail address or a national ID")
    .option("--json", "print what was erased (counts only) as JSON")
    .action(async (value: string, raw: unknown, command: Command) => {
      const options = parseOptions(eraseOptions, raw);
      const result = await eraseCommand(configFor(command.optsWithGlobals<GlobalOptions>()), value);
      if (options.json) return printJson(result);
      const rows = Object.values(result.raw_rows_deleted).reduce((sum, n) => sum + n, 0);
      const who = result.already_erased
        ? "a person erased before (finished again)"
        : `${count(result.persons)} person(s)`;
      process.stdout.write(
        `erasure ${result.erasure_id}: ${who}, ${count(rows)} raw rows deleted, ` +
          `${count(result.quarantine_rows_redacted)} quarantined lines removed, ${count(result.identifiers)} keyed hashes added to the erasure list; ` +
          `rebuilt in run ${result.run_id}; ${count(result.releases_removed)} earlier release(s) removed; site ${result.site === "none" ? "not built yet" : result.site}; ` +
          `warehouse file ${count(result.bytes_before)} -> ${count(result.bytes_after)} bytes\n`,
      );
    });
}
