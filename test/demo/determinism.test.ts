import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../demo/generate.ts";
import { hashFolder } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "demo-determinism-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(name: string, seed: number) {
  const dir = join(root, name);
  await generateDemo({
    persons: 1500,
    seed,
    country: "both",
    out: join(dir, "inbox"),
    truthOut: join(dir, "truth"),
  });
  return { inbox: hashFolder(join(dir, "inbox")), truth: hashFolder(join(dir, "truth")) };
}

describe("generateDemo determinism", () => {
  it("writes byte-identical extracts and truth for the same seed, and different ones for another seed", async () => {
    const a = await run("a", 7);
    const b = await run("b", 7);
    const c = await run("c", 8);
    expect(Object.keys(a.inbox).length).toBeGreaterThanOrEqual(18);
    expect(a.inbox).toEqual(b.inbox);
    expect(a.truth).toEqual(b.truth);
    // every extract of persons differs; the programme catalogue describes the institution, the same for any seed
    const differing = Object.keys(a.inbox).filter((f) => a.inbox[f] !== c.inbox[f]);
    const catalogues = Object.keys(a.inbox).filter((f) => f.startsWith("programme_catalogue_"));
    expect(catalogues).toHaveLength(1);
    expect(differing.sort()).toEqual(
      Object.keys(a.inbox)
        .filter((f) => !catalogues.includes(f))
        .sort(),
    );
  });
});
