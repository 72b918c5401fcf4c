import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { endQuietlyWhenReaderLeaves, printable } from "../../cli/output.ts";

describe("printable", () => {
  it("shows control characters and direction overrides as escapes, and leaves other text alone", () => {
    expect(printable("crm_\u001b[31mred\u0007.csv")).toBe("crm_\\u001b[31mred\\u0007.csv");
    expect(printable("line\nbreak\r\ttab")).toBe("line\\nbreak\\r\\ttab");
    expect(printable("exe.\u202ecsv.txt")).toBe("exe.\\u202ecsv.txt");
    expect(printable("nul\u0000 c1\u009b del\u007f")).toBe("nul\\u0000 c1\\u009b del\\u007f");
    expect(printable("Åsa Öberg, 12,5 €; “quoted”")).toBe("Åsa Öberg, 12,5 €; “quoted”");
    expect(printable("two\nlines", "\n")).toBe("two\nlines");
  });
});

describe("a reader that stops reading", () => {
  it("ends slm with its exit code instead of an EPIPE stack trace; other stream errors still surface", () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    endQuietlyWhenReaderLeaves(stream, (code) => exits.push(code));
    stream.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit("error", Object.assign(new Error("disk"), { code: "EIO" }))).toThrow("disk");
  });

  it("is how the slm process handles its stdout and stderr", async () => {
    const main = await import("node:fs").then((fs) =>
      fs.readFileSync(new URL("../../cli/main.ts", import.meta.url), "utf8"),
    );
    expect(main).toMatch(
      /for \(const stream of \[process\.stdout, process\.stderr\]\) endQuietlyWhenReaderLeaves\(stream\)/,
    );
  });
});
