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
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Text files worth compressing; images and fonts are compressed already. */
export const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".csv", ".svg", ".txt", ".map"]);
/** Below this a compressed copy saves less than a request's headers. */
const SMALLEST = 512;

export const ENCODINGS = [
  { name: "br", suffix: ".br", compress: (data: Buffer) => brotliCompressSync(data, brotliOptions(data)) },
  { name: "gzip", suffix: ".gz", compress: (data: Buffer) => gzipSync(data, { level: 9 }) },
] as const;

function brotliOptions(data: Buffer) {
  return {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  };
}

function* compressibleFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* compressibleFiles(path);
    else if (entry.isFile() && COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

/**
 * Writes a .br and a .gz beside every text file of the built site, for any static host to serve with
 * Content-Encoding (and `slm site preview` does). Compressed copies are kept in `cache` by content hash:
 * a rebuild compresses only the files that changed (maximum brotli takes seconds over a whole site).
 */
export function precompress(site: string, cache: string): { files: number; compressed: number } {
  mkdirSync(cache, { recursive: true });
  const used = new Set<string>();
  let files = 0;
  let compressed = 0;
  for (const file of [...compressibleFiles(site)]) {
    const data = readFileSync(file);
    if (data.length < SMALLEST) continue;
    files++;
    const hash = createHash("sha256").update(data).digest("hex");
    for (const encoding of ENCODINGS) {
      const cached = join(cache, `${hash}${encoding.suffix}`);
      used.add(`${hash}${encoding.suffix}`);
      if (!existsSync(cached)) {
        writeFileSync(`${cached}.tmp`, encoding.compress(data));
        renameSync(`${cached}.tmp`, cached);
        compressed++;
      }
      copyFileSync(cached, `${file}${encoding.suffix}`);
    }
  }
  // Copies no page of this build uses any more: the cache holds one build's worth.
  for (const name of readdirSync(cache)) if (!used.has(name)) rmSync(join(cache, name), { force: true });
  return { files, compressed };
}
