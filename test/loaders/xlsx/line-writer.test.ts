import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LineWriter } from "../../../loaders/xlsx/line-writer.ts";
import { tempProject } from "../../helpers/project.ts";

const project = tempProject("slm-line-writer-");
afterAll(() => project.remove());

describe("LineWriter", () => {
  it("writes each line with a newline, across its 64 KB blocks", async () => {
    const path = join(project.dir, "lines.csv");
    const lines = Array.from({ length: 5_000 }, (_, i) => `${i},Åsa Öberg ${"x".repeat(i % 50)}`);
    const out = new LineWriter(path);
    for (const line of lines) await out.line(line);
    await out.close();
    expect(readFileSync(path, "utf8")).toBe(lines.map((line) => `${line}\n`).join(""));
  });

  // /dev/full fails every write with ENOSPC
  it.skipIf(!existsSync("/dev/full"))("a full disk rejects a line or the close, never hangs", async () => {
    const lines = new LineWriter("/dev/full");
    const written = (async () => {
      for (let i = 0; i < 10_000; i++) await lines.line("x".repeat(100));
      await lines.close();
    })();
    await expect(written).rejects.toMatchObject({ code: "ENOSPC" });
    lines.abort();
    const few = new LineWriter("/dev/full");
    await few.line("one line, still in the block");
    await expect(few.close()).rejects.toMatchObject({ code: "ENOSPC" });
  });
});
