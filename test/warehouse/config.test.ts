import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig, resolvePath } from "../../warehouse/config.ts";

describe("configuration", () => {
  it("fills every default so the demo runs with no file at all", () => {
    const dir = mkdtempSync(join(tmpdir(), "slm-config-"));
    const loaded = loadConfig(dir);
    expect(loaded.file).toBeNull();
    expect(loaded.config.paths.warehouse).toBe("data/warehouse.duckdb");
    expect(loaded.config.privacy).toEqual({
      minCount: 5,
      roundTo: 5,
      minRateDenominator: 23,
      minMeanPersons: 8,
      minSchoolCell: 10,
    });
  });

  it("names the key and the problem of a bad value", () => {
    expect(() => parseConfig({ privacy: { minCount: "five" } }, "slm.config.json")).toThrow(
      /slm\.config\.json: privacy\.minCount: .*number/,
    );
    expect(() => parseConfig({ warehouse: { memoryLimit: "lots" } })).toThrow(
      /warehouse\.memoryLimit: expected a size/,
    );
  });

  it("rejects an unknown key instead of ignoring a typo", () => {
    expect(() => parseConfig({ paths: { warehuose: "x.duckdb" } })).toThrow(ConfigError);
    expect(() => parseConfig({ paths: { warehuose: "x.duckdb" } })).toThrow(/paths: .*warehuose/);
  });

  it("reports a file that is not JSON with its path", () => {
    const dir = mkdtempSync(join(tmpdir(), "slm-config-"));
    writeFileSync(join(dir, "slm.config.json"), "{ not json");
    expect(() => loadConfig(dir)).toThrow(/slm\.config\.json: not valid JSON/);
  });

  it("resolves relative paths against the config file's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "slm-config-"));
    writeFileSync(join(dir, "slm.config.json"), JSON.stringify({ paths: { warehouse: "wh/x.duckdb" } }));
    const loaded = loadConfig(dir);
    expect(loaded.root).toBe(dir);
    expect(loaded.config.paths.warehouse).toBe("wh/x.duckdb");
    expect(loaded.config.paths.inbox).toBe("data/inbox");
    // the site too: in the project folder, not in the installed package's
    expect(resolvePath(loaded, loaded.config.paths.site)).toBe(join(dir, "dist"));
  });
});
