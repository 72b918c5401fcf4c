import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism } from "node:os";
import { extname, join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/** Text files worth compressing; images and fonts are compressed already. */
export const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".csv", ".svg", ".txt", ".map"]);
/** Below this a compressed copy saves less than a request's headers. */
const SMALLEST = 512;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export const ENCODINGS = [
  {
    name: "br",
    suffix: ".br",
    compress: (data: Buffer, quality: number) => brotli(data, brotliOptions(data, quality)),
  },
  { name: "gzip", suffix: ".gz", compress: (data: Buffer) => gzipped(data, { level: 9 }) },
] as const;

function brotliOptions(data: Buffer, quality: number) {
  return {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  };
}

/**
 * Brotli's quality for a file of the built site. The data files (`_file/`) change with every release, so
 * they are compressed on every build: at quality 10 rather than 11 (the maximum), the 1M-person site's 2.1 MB
 * of data took 0.68 s of CPU instead of 2.12 s, for 4% more bytes (255 kB against 245 kB). Everything
 * else (Framework's bundles, the pages' code) seldom changes, is compressed once and kept in the cache, and
 * so gets the maximum.
 */
export function brotliQuality(site: string, file: string): number {
  const data = relative(site, file).split(sep)[0] === "_file";
  return data ? 10 : constants.BROTLI_MAX_QUALITY;
}

function* compressibleFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* compressibleFiles(path);
    else if (entry.isFile() && COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

/** Runs the tasks, as many at once as the machine has cores, each started when one before it ends. */
async function onEveryCore(tasks: readonly (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), tasks.length) }, lane));
}

/**
 * Writes a .br and a .gz beside every text file of the built site, for any static host to serve with
 * Content-Encoding (and `slm site preview` does). Compressed copies are kept in `cache` by content hash:
 * a rebuild compresses only the files that changed (maximum brotli takes seconds over a whole site). They
 * are made on zlib's worker threads, one per core at a time: one after another, they took 4 s of a 30 s
 * build of the 1M-person site.
 */
export async function precompress(
  site: string,
  cache: string,
): Promise<{ files: number; compressed: number }> {
  mkdirSync(cache, { recursive: true });
  const copies = new Map<string, string[]>();
  const missing = new Map<string, () => Promise<void>>();
  let files = 0;
  for (const file of [...compressibleFiles(site)]) {
    const data = readFileSync(file);
    if (data.length < SMALLEST) continue;
    files++;
    const hash = createHash("sha256").update(data).digest("hex");
    const quality = brotliQuality(site, file);
    for (const encoding of ENCODINGS) {
      const name = `${hash}${encoding.suffix}`;
      const cached = join(cache, name);
      copies.set(name, [...(copies.get(name) ?? []), `${file}${encoding.suffix}`]);
      if (missing.has(name) || existsSync(cached)) continue;
      missing.set(name, async () => {
        writeFileSync(`${cached}.tmp`, await encoding.compress(data, quality));
        renameSync(`${cached}.tmp`, cached);
      });
    }
  }
  await onEveryCore([...missing.values()]);
  for (const [name, targets] of copies) for (const target of targets) copyFileSync(join(cache, name), target);
  // Copies no page of this build uses any more: the cache holds one build's worth.
  for (const name of readdirSync(cache)) if (!copies.has(name)) rmSync(join(cache, name), { force: true });
  return { files, compressed: missing.size };
}
