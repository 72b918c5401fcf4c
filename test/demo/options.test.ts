import { describe, expect, it } from "vitest";
import { generateDemo } from "../../demo/generate.ts";
import { parseDemoOptions } from "../../demo/options.ts";

describe("demo options", () => {
  it("has the documented defaults", () => {
    expect(parseDemoOptions({})).toEqual({
      persons: 20_000,
      seed: 1,
      years: 5,
      country: "se",
      out: "data/inbox",
      truthOut: "data/truth",
      dirtRate: 0.05,
      lastCycle: 2026,
    });
  });

  it("rejects impossible options with the option's name", () => {
    expect(() => parseDemoOptions({ persons: 0 })).toThrow(/persons/);
    expect(() => parseDemoOptions({ country: "de" as never })).toThrow(/country/);
    expect(() => parseDemoOptions({ years: 20 })).toThrow(/2010/);
    expect(() => parseDemoOptions({ extra: 1 } as never)).toThrow();
  });

  it("refuses to write the truth into the extracts folder", async () => {
    await expect(
      generateDemo({ persons: 1, out: "/tmp/x-demo", truthOut: "/tmp/x-demo/truth" }),
    ).rejects.toThrow(/truthOut/);
  });
});
