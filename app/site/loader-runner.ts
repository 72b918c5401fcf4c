// The child process of runLoaders (run-loaders.ts): runs data loaders one after another in this one
// process. A loader is a module that writes its data file to stdout while it is imported (top-level
// await included): its writes are collected, and kept only when they make the JSON a `.json` target
// holds. Anything else, a loader that throws or writes nothing whole, is left to Framework.
// Arguments: the loaders' folder, the outputs' folder, the targets.
import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const [loaders, outputs, ...targets] = process.argv.slice(2);

interface Capture {
  output: string;
  chunks: string[];
  /** The import has ended: a write now comes from a timer the loader left, so what was kept is incomplete. */
  ended: boolean;
  late: boolean;
}

// Each write goes to the loader whose code made it, found through the async context its import started:
// a loader's late write (a timer) is never taken for the next loader's output.
const captures = new AsyncLocalStorage<Capture>();
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const capture = captures.getStore();
  if (!capture) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  if (capture.ended) capture.late = true;
  else capture.chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
  callback?.();
  return true;
}) as typeof process.stdout.write;

/** What importing `loader` writes to stdout while it is imported, or null when the import fails. */
async function written(loader: string, capture: Capture): Promise<string | null> {
  try {
    await captures.run(capture, () => import(pathToFileURL(loader).href));
    return capture.chunks.join("");
  } catch {
    return null;
  } finally {
    capture.ended = true;
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

const kept: Capture[] = [];
if (loaders && outputs) {
  for (const target of targets) {
    const loader = join(loaders, `${target}.ts`);
    if (!target.endsWith(".json") || !existsSync(loader)) continue;
    const capture: Capture = { output: join(outputs, target), chunks: [], ended: false, late: false };
    const text = await written(loader, capture);
    if (text === null || !isJson(text)) continue;
    mkdirSync(dirname(capture.output), { recursive: true });
    writeFileSync(`${capture.output}.slm-${process.pid}`, text);
    renameSync(`${capture.output}.slm-${process.pid}`, capture.output);
    kept.push(capture);
  }
}

// Once every timer a loader left has run: an output whose loader wrote more after its import is dropped.
process.on("beforeExit", () => {
  for (const capture of kept) if (capture.late) rmSync(capture.output, { force: true });
});
