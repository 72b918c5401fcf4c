import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { lfLineEndingsCopy } from "../../../loaders/csv/transcode.ts";
import { tempProject } from "../../helpers/project.ts";

const project = tempProject("slm-transcode-");
afterAll(() => project.remove());

describe("lfLineEndingsCopy", () => {
  const copyOf = async (bytes: Buffer, readAs: "utf-8" | "latin-1" = "utf-8") => {
    const path = join(project.dir, "mixed.csv");
    writeFileSync(path, bytes);
    const copy = await lfLineEndingsCopy(path, readAs);
    try {
      return readFileSync(copy.path, "utf8");
    } finally {
      copy.cleanup();
    }
  };

  it("makes every line ending LF (CRLF and a lone CR alike), wherever the read chunks are cut", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("å", ",", "\r", "\n", "\r\n"), { maxLength: 30 }),
        fc.nat({ max: 70_000 }),
        async (parts, padding) => {
          // padding moves the text across the stream's 64 KB chunk boundary
          const text = "x".repeat(padding) + parts.join("");
          expect(await copyOf(Buffer.from(text))).toBe(text.replace(/\r\n|\r/g, "\n"));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a CRLF split between two read chunks stays one line ending", async () => {
    const head = "x".repeat((1 << 16) - 1);
    expect(await copyOf(Buffer.from(`${head}\r\ny\r\n`))).toBe(`${head}\ny\n`);
    expect(await copyOf(Buffer.from(`${head}\r\ry\n`))).toBe(`${head}\n\ny\n`);
  });

  it("decodes a latin-1 file as it goes", async () => {
    expect(await copyOf(Buffer.from("Åsa\r\nÖberg\n", "latin1"), "latin-1")).toBe("Åsa\nÖberg\n");
  });
});
