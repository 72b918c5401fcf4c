import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AUDIENCE_FOLDER } from "../pipelines/audiences/definition.ts";
import { CONFIG_FILE, loadConfig, parseConfig } from "../warehouse/config.ts";
import { createSecret } from "../warehouse/secret.ts";
import { RefusedError } from "./errors.ts";

export interface InitResult {
  config: { path: string; created: boolean };
  secret: { path: string; created: boolean };
  /** The audiences folder; created: an example audience was written into it. */
  audiences: { path: string; created: boolean };
}

const EXAMPLES = fileURLToPath(new URL("../pipelines/audiences/examples/", import.meta.url));

/**
 * The example audiences (master's prospects, guest lecturers, internship hosts) copied into the project's
 * audiences/ folder, each only where no file of its name is there: a user's own file is never replaced.
 */
function writeExampleAudiences(root: string): { path: string; created: boolean } {
  const dir = resolve(root, AUDIENCE_FOLDER);
  if (existsSync(dir) && !statSync(dir).isDirectory()) return { path: dir, created: false };
  mkdirSync(dir, { recursive: true });
  let created = false;
  for (const file of readdirSync(EXAMPLES).filter((name) => name.endsWith(".json"))) {
    try {
      copyFileSync(join(EXAMPLES, file), join(dir, file), constants.COPYFILE_EXCL);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return { path: dir, created };
}

/**
 * `slm init`: writes the default configuration and the pseudonymisation key into the project folder `root`, and
 * the example audiences into its audiences/ folder; never overwrites any of them (`ifMissing`: creates what is
 * missing instead of refusing). The one operation that takes a folder rather than a configuration: it makes the
 * configuration.
 */
export function init(root: string, options: { ifMissing?: boolean } = {}): InitResult {
  const ifMissing = options.ifMissing ?? false;
  const configPath = resolve(root, CONFIG_FILE);
  const configExists = existsSync(configPath);
  if (configExists && !ifMissing)
    throw new RefusedError(`${CONFIG_FILE} already exists; refusing to overwrite it`);
  const config = configExists ? loadConfig(root).config : parseConfig({});
  if (!configExists) writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, { flag: "wx" });
  const secretPath = resolve(root, config.paths.secret);
  const secretExists = existsSync(secretPath);
  if (secretExists && !ifMissing)
    throw new RefusedError(`${config.paths.secret} already exists; refusing to overwrite it`);
  if (!secretExists) createSecret(secretPath);
  // where the institution's own source profiles go (`slm profile infer --out profiles/<name>.json`)
  mkdirSync(resolve(root, config.paths.profiles), { recursive: true });
  const audiences = writeExampleAudiences(root);
  return {
    config: { path: configPath, created: !configExists },
    secret: { path: secretPath, created: !secretExists },
    audiences,
  };
}
