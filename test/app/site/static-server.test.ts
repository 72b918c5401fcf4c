import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompress } from "../../../app/site/precompress.ts";
import { serveStatic } from "../../../app/site/static-server.ts";

const dir = mkdtempSync(join(tmpdir(), "slm-serve-"));
const page = "<h1>Funnel</h1>".repeat(300);
let server: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  writeFileSync(join(dir, "funnel.html"), page);
  writeFileSync(join(dir, "late.json"), JSON.stringify(Array(400).fill("x")));
  await precompress(dir, join(dir, ".cache"));
  // written after the build compressed: no copy beside it
  writeFileSync(join(dir, "late.json"), JSON.stringify(Array(500).fill("y")));
  rmSync(join(dir, "late.json.br"));
  rmSync(join(dir, "late.json.gz"));
  server = await serveStatic(dir, 0);
});
afterAll(() => {
  server.server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, encoding?: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(
      `${server.url}${path}`,
      { headers: encoding ? { "accept-encoding": encoding } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => done({ headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", fail);
    req.end();
  });
}

describe("slm site preview's static server", () => {
  it("serves the build's .br copy to a browser that accepts brotli", async () => {
    const { headers, body } = await get("funnel", "gzip, deflate, br");
    expect(headers["content-encoding"]).toBe("br");
    expect(headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(headers.vary).toBe("Accept-Encoding");
    expect(brotliDecompressSync(body).toString()).toBe(page);
  });

  it("serves the .gz copy to one that accepts only gzip, and the file as it is to one that accepts neither", async () => {
    const gzip = await get("funnel", "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString()).toBe(page);
    const plain = await get("funnel");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
    const refused = await get("funnel", "br;q=0, gzip;q=0");
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  it("compresses on the fly a text file the build left no copy beside", async () => {
    const { headers, body } = await get("late.json", "gzip");
    expect(headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(body).toString())).toHaveLength(500);
  });
});
