import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { CONFIG_FILE, loadConfig, parseConfig } from "../warehouse/config.ts";
import { createSecret } from "../warehouse/secret.ts";
import { RefusedError } from "./errors.ts";

export interface InitResult {
  config: { path: string; created: boolean };
  secret: { path: string; created: boolean };
}

/**
 * `slm init`: writes the default configuration and the pseudonymisation key into the project folder `root`;
 * never overwrites either (`ifMissing`: creates what is missing instead of refusing). The one operation
 * that takes a folder rather than a configuration: it makes the configuration.
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
  return {
    config: { path: configPath, created: !configExists },
    secret: { path: secretPath, created: !secretExists },
  };
}
