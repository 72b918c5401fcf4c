import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { createBrotliCompress, createGzip } from "node:zlib";
import { COMPRESSIBLE, ENCODINGS } from "./precompress.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".parquet": "application/octet-stream",
  ".arrow": "application/vnd.apache.arrow.file",
};

/** Maps a URL path to a file in root, honouring Framework's clean URLs (/funnel -> funnel.html). */
export function resolveStatic(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return null;
  }
  const full = resolve(root, `.${normalize(`/${path}`)}`);
  if (!full.startsWith(resolve(root))) return null;
  for (const candidate of [full, `${full}.html`, join(full, "index.html")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The encodings a request accepts (q=0 refuses one). */
function accepted(request: IncomingMessage): Set<string> {
  const header = request.headers["accept-encoding"];
  const names = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",");
  return new Set(
    names
      .map((part) => part.trim().split(";"))
      .filter(([, ...params]) => !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)))
      .map(([name]) => name!.trim().toLowerCase()),
  );
}

/**
 * Sends a file, compressed when the browser accepts it: the build's .br or .gz beside it when there is
 * one, else compressed on the fly (a site built before the build wrote them, or a small file).
 */
function sendFile(request: IncomingMessage, response: ServerResponse, file: string): void {
  const type = TYPES[extname(file)] ?? "application/octet-stream";
  const accepts = accepted(request);
  const compressible = COMPRESSIBLE.has(extname(file));
  const headers = { "content-type": type, ...(compressible ? { vary: "Accept-Encoding" } : {}) };
  if (compressible) {
    for (const encoding of ENCODINGS) {
      if (accepts.has(encoding.name) && existsSync(`${file}${encoding.suffix}`)) {
        response.writeHead(200, { ...headers, "content-encoding": encoding.name });
        createReadStream(`${file}${encoding.suffix}`).pipe(response);
        return;
      }
    }
    const onTheFly = accepts.has("br") ? "br" : accepts.has("gzip") ? "gzip" : null;
    if (onTheFly) {
      response.writeHead(200, { ...headers, "content-encoding": onTheFly });
      createReadStream(file)
        .pipe(onTheFly === "br" ? createBrotliCompress() : createGzip())
        .pipe(response);
      return;
    }
  }
  response.writeHead(200, headers);
  createReadStream(file).pipe(response);
}

/** A static file server for the built site, on loopback only. */
export function serveStatic(
  root: string,
  port: number,
  host = "127.0.0.1",
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const file = resolveStatic(root, request.url ?? "/");
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    sendFile(request, response, file);
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      done({ server, url: `http://${host}:${address.port}/` });
    });
  });
}
