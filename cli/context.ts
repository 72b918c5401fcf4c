import { registerModelFunctions } from "../pipelines/functions/register.ts";
import { type LoadedConfig, loadConfig, resolvePath } from "../warehouse/config.ts";
import { Warehouse } from "../warehouse/connection.ts";
import { readSecret } from "../warehouse/secret.ts";
import { progress } from "./output.ts";

export interface GlobalOptions {
  config?: string;
  debug?: boolean;
}

export function configFor(options: GlobalOptions): LoadedConfig {
  return loadConfig(process.cwd(), options.config);
}

export interface OpenFor {
  readOnly?: boolean;
  /** Register pseudonym() and the disclosure macros: needs the key. */
  models?: boolean;
}

/** Opens the warehouse the configuration names, runs fn, and always closes it. */
export async function withWarehouse<T>(
  loaded: LoadedConfig,
  fn: (warehouse: Warehouse) => Promise<T>,
  open: OpenFor = {},
): Promise<T> {
  const { config } = loaded;
  const key = open.models ? readSecret(resolvePath(loaded, config.paths.secret)) : null;
  const warehouse = await Warehouse.open(resolvePath(loaded, config.paths.warehouse), {
    readOnly: open.readOnly ?? false,
    threads: config.warehouse.threads,
    memoryLimit: config.warehouse.memoryLimit,
    onLocked: config.warehouse.onLocked,
    lockWaitSeconds: config.warehouse.lockWaitSeconds,
    onWait: (error) => progress(`${error.message} — waiting up to ${config.warehouse.lockWaitSeconds}s`),
  });
  try {
    if (key) {
      await registerModelFunctions(warehouse, {
        key,
        config,
        referenceDate: new Date().toISOString().slice(0, 10),
      });
    }
    return await fn(warehouse);
  } finally {
    warehouse.close();
  }
}
