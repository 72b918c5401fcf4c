import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { printable as escapeControls } from "../../app/format.ts";

/** The product's command, run as a user runs it: `node cli/bin/slm.js`. */
export const SLM_BIN = fileURLToPath(new URL("../../cli/bin/slm.js", import.meta.url));

export interface SlmResult {
  args: string[];
  /** Exit code; null when killed (timeout) or ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Output beyond this is dropped (the middle of it): a hostile file must not fill the probe's memory. */
const KEEP_BYTES = 4 << 20;

function collector() {
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  let tail: Buffer = Buffer.alloc(0);
  return {
    push(chunk: Buffer) {
      if (kept < KEEP_BYTES) {
        chunks.push(chunk);
        kept += chunk.length;
      } else {
        dropped += chunk.length;
        tail = Buffer.concat([tail, chunk]).subarray(-65536);
      }
    },
    text(): string {
      const head = Buffer.concat(chunks).toString("utf8");
      return dropped > 0 ? `${head}\n[... ${dropped} bytes dropped ...]\n${tail.toString("utf8")}` : head;
    },
  };
}

export interface RunningSlm {
  child: ChildProcess;
  /** stderr so far */
  stderrSoFar(): string;
  done: Promise<SlmResult>;
}

/**
 * Starts `slm <args>` in `cwd` in its own process group; after `timeoutSeconds` the group is killed
 * (SIGKILL, by the child's pid) and the result says so.
 */
export function startSlm(cwd: string, args: string[], timeoutSeconds = 600): RunningSlm {
  const started = performance.now();
  const child = spawn(process.execPath, [SLM_BIN, ...args], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", NO_COLOR: "1" },
  });
  const out = collector();
  const err = collector();
  let errText = "";
  child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => {
    err.push(chunk);
    if (errText.length < 1 << 16) errText += chunk.toString("utf8");
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }, timeoutSeconds * 1000);
  const done = new Promise<SlmResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({
        args,
        code,
        signal,
        timedOut,
        stdout: out.text(),
        stderr: err.text(),
        seconds: (performance.now() - started) / 1000,
      });
    };
    child.on("close", finish);
    child.on("error", (error) => {
      err.push(Buffer.from(`probe: could not start slm: ${error.message}\n`));
      finish(null, null);
    });
  });
  return { child, stderrSoFar: () => errText, done };
}

export function runSlm(cwd: string, args: string[], timeoutSeconds = 600): Promise<SlmResult> {
  return startSlm(cwd, args, timeoutSeconds).done;
}

/** Non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== "");
}

/** A line of stderr that looks like a JavaScript stack frame. */
export const STACK_FRAME = /^\s+at /m;

/** A one-line, printable rendering of text (control characters escaped), cut to `max` characters. */
export function printable(text: string, max = 140): string {
  const escaped = escapeControls(text);
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

/** Exit as shown in tables: the code, or "timeout", or the signal. */
export function exitLabel(result: SlmResult): string {
  if (result.timedOut) return "timeout";
  if (result.code === null) return result.signal ?? "?";
  return String(result.code);
}
