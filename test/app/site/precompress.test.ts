import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { brotliQuality, ENCODINGS, precompress } from "../../../app/site/precompress.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function site(): { site: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), "slm-precompress-"));
  dirs.push(dir);
  mkdirSync(join(dir, "site", "_file"), { recursive: true });
  return { site: join(dir, "site"), cache: join(dir, "cache") };
}

describe("precompress", () => {
  it("writes a .br and a .gz beside each text file that decode to it; images and tiny files are left", async () => {
    const { site: root, cache } = site();
    const page = "<p>figures</p>".repeat(200);
    writeFileSync(join(root, "index.html"), page);
    writeFileSync(join(root, "_file", "data.json"), JSON.stringify({ values: Array(300).fill(1) }));
    writeFileSync(join(root, "tiny.js"), "1");
    writeFileSync(join(root, "logo.png"), Buffer.alloc(4096));
    expect(await precompress(root, cache)).toEqual({ files: 2, compressed: 4 });
    expect(brotliDecompressSync(readFileSync(join(root, "index.html.br"))).toString()).toBe(page);
    expect(gunzipSync(readFileSync(join(root, "index.html.gz"))).toString()).toBe(page);
    expect(readdirSync(root).sort()).toEqual(
      ["_file", "index.html", "index.html.br", "index.html.gz", "logo.png", "tiny.js"].sort(),
    );
  });

  it("compresses anew only what changed since the last build, and forgets what no build uses", async () => {
    const { site: root, cache } = site();
    writeFileSync(join(root, "a.html"), "a".repeat(2000));
    writeFileSync(join(root, "b.html"), "b".repeat(2000));
    await precompress(root, cache);
    writeFileSync(join(root, "b.html"), "c".repeat(2000));
    expect(await precompress(root, cache)).toEqual({ files: 2, compressed: 2 });
    expect(gunzipSync(readFileSync(join(root, "b.html.gz"))).toString()).toBe("c".repeat(2000));
    expect(readdirSync(cache)).toHaveLength(4);
  });

  it("compresses a content held by two files once, and writes its copies beside both", async () => {
    const { site: root, cache } = site();
    const same = "<p>same</p>".repeat(100);
    writeFileSync(join(root, "a.html"), same);
    writeFileSync(join(root, "_file", "b.html"), same);
    expect(await precompress(root, cache)).toEqual({ files: 2, compressed: 2 });
    for (const file of [join(root, "a.html"), join(root, "_file", "b.html")]) {
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(same);
      expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(same);
    }
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it("compresses the data files, which change with every release, at brotli quality 10 and the rest at the maximum", async () => {
    const { site: root, cache } = site();
    expect(brotliQuality(root, join(root, "_file", "data", "funnel.json"))).toBe(10);
    expect(brotliQuality(root, join(root, "_node", "d3@7", "index.js"))).toBe(11);
    expect(brotliQuality(root, join(root, "funnel.html"))).toBe(11);
    // text whose compressed size differs between the two qualities, so the bytes tell which was used
    const text = Array.from({ length: 3000 }, (_, i) => `{"cell":${i},"value":${(i * 7919) % 997}}`).join(
      ",",
    );
    mkdirSync(join(root, "_file", "data"));
    writeFileSync(join(root, "_file", "data", "cells.json"), text);
    writeFileSync(join(root, "page.js"), `${text} `);
    await precompress(root, cache);
    const brotli = ENCODINGS.find((encoding) => encoding.name === "br")!;
    const at = (quality: number, data: string) => brotli.compress(Buffer.from(data), quality);
    expect((await at(10, text)).equals(await at(11, text))).toBe(false);
    expect(readFileSync(join(root, "_file", "data", "cells.json.br")).equals(await at(10, text))).toBe(true);
    expect(readFileSync(join(root, "page.js.br")).equals(await at(11, `${text} `))).toBe(true);
  });
});
