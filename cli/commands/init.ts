import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { CONFIG_FILE, loadConfig, parseConfig } from "../../warehouse/config.ts";
import { createSecret } from "../../warehouse/secret.ts";
import { CliError } from "../errors.ts";
import { printJson, progress } from "../output.ts";

export interface InitResult {
  config: { path: string; created: boolean };
  secret: { path: string; created: boolean };
}

/** Writes the default configuration and the pseudonymisation key; never overwrites either. */
export function initProject(root: string, ifMissing: boolean): InitResult {
  const configPath = resolve(root, CONFIG_FILE);
  const configExists = existsSync(configPath);
  if (configExists && !ifMissing)
    throw new CliError(`${CONFIG_FILE} already exists; refusing to overwrite it`);
  const config = configExists ? loadConfig(root).config : parseConfig({});
  if (!configExists) writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, { flag: "wx" });
  const secretPath = resolve(root, config.paths.secret);
  const secretExists = existsSync(secretPath);
  if (secretExists && !ifMissing)
    throw new CliError(`${config.paths.secret} already exists; refusing to overwrite it`);
  if (!secretExists) createSecret(secretPath);
  // where the institution's own source profiles go (`slm profile infer --out profiles/<name>.json`)
  mkdirSync(resolve(root, config.paths.profiles), { recursive: true });
  return {
    config: { path: configPath, created: !configExists },
    secret: { path: secretPath, created: !secretExists },
  };
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("write slm.config.json with defaults and create the pseudonymisation key (never overwrites)")
    .option("--if-missing", "create only what is missing instead of refusing when something exists")
    .option("--json", "print the result as JSON")
    .action((options: { ifMissing?: boolean; json?: boolean }) => {
      const result = initProject(process.cwd(), options.ifMissing ?? false);
      if (options.json) return printJson(result);
      for (const [what, entry] of Object.entries(result)) {
        progress(`${entry.created ? "created" : "kept"} ${what}: ${entry.path}`);
      }
    });
}
