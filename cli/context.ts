import { type LoadedConfig, loadConfig } from "../warehouse/config.ts";

export interface GlobalOptions {
  config?: string;
  debug?: boolean;
}

/** The configuration of the project slm runs in (or the file --config names), validated. */
export function configFor(options: GlobalOptions): LoadedConfig {
  return loadConfig(process.cwd(), options.config);
}
