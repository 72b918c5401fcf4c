/**
 * Memory stays flat as the population grows: the retained heap (after a forced collection) of a run
 * ten times larger is barely larger. What does grow is bounded by name patterns and birth dates, not
 * by persons. The million-person run is measured by hand (see demo/README.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../demo/generate.ts";

const root = mkdtempSync(join(tmpdir(), "demo-memory-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

async function retainedPeak(persons: number): Promise<number> {
  let peak = 0;
  const dir = join(root, String(persons));
  await generateDemo({ persons, out: join(dir, "inbox"), truthOut: join(dir, "truth") }, (p) => {
    if (p.phase !== "persons") return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  return peak;
}

describe("generateDemo memory", () => {
  it("retains about the same heap for 30,000 persons as for 3,000", async () => {
    const small = await retainedPeak(3_000);
    const large = await retainedPeak(30_000);
    // A leak of even 1 KB per person would add 27 MB here.
    expect(large - small).toBeLessThan(20e6);
  });
});
