// The child process of runLoaders (run-loaders.ts): runs data loaders one after another in this one
// process. A loader is a module that writes its data file to stdout while it is imported (top-level
// await included): its writes are collected, and kept only when they make the JSON a `.json` target
// holds. Anything else, a loader that throws or writes nothing whole, is left to Framework.
// Arguments: the loaders' folder, the outputs' folder, the targets.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const [loaders, outputs, ...targets] = process.argv.slice(2);

/** What importing `loader` writes to stdout, or null when the import fails. */
async function written(loader: string): Promise<string | null> {
  const write = process.stdout.write;
  const chunks: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    await import(pathToFileURL(loader).href);
    return chunks.join("");
  } catch {
    return null;
  } finally {
    process.stdout.write = write;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

if (loaders && outputs) {
  for (const target of targets) {
    const loader = join(loaders, `${target}.ts`);
    if (!target.endsWith(".json") || !existsSync(loader)) continue;
    const text = await written(loader);
    if (text === null || !isJson(text)) continue;
    const output = join(outputs, target);
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(`${output}.slm-${process.pid}`, text);
    renameSync(`${output}.slm-${process.pid}`, output);
  }
}
