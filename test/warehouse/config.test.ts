import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig, resolvePath } from "../../warehouse/config.ts";
import { tempProject } from "../helpers/project.ts";

/** Every folder a test makes, removed after it: a run of the suite leaves nothing in the system's temp folder. */
const made: ReturnType<typeof tempProject>[] = [];
function tempDir(prefix = "slm-config-"): string {
  const project = tempProject(prefix);
  made.push(project);
  return project.dir;
}
afterEach(() => {
  for (const project of made.splice(0)) project.remove();
});

describe("configuration", () => {
  it("fills every default so the demo runs with no file at all", () => {
    const dir = tempDir();
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

  it("refuses disclosure thresholds that are not whole numbers from 1 to 1,000", () => {
    for (const [key, value] of [
      ["minCount", 0],
      ["minCount", -1],
      ["roundTo", 0],
      ["minCount", 2.5],
      ["minCount", 1e9],
      ["minRateDenominator", 1001],
    ] as const) {
      expect(
        () => parseConfig({ privacy: { [key]: value } }, "slm.config.json"),
        `${key} = ${value}`,
      ).toThrow(new RegExp(`^slm\\.config\\.json: privacy\\.${key}: `));
    }
    expect(parseConfig({ privacy: { minCount: 1000, roundTo: 10 } }).privacy).toMatchObject({
      minCount: 1000,
      roundTo: 10,
    });
  });

  it("rejects an unknown key instead of ignoring a typo", () => {
    expect(() => parseConfig({ paths: { warehuose: "x.duckdb" } })).toThrow(ConfigError);
    expect(() => parseConfig({ paths: { warehuose: "x.duckdb" } })).toThrow(/paths: .*warehuose/);
  });

  it("reports a file that is not JSON with its path", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "slm.config.json"), "{ not json");
    expect(() => loadConfig(dir)).toThrow(/slm\.config\.json: not valid JSON/);
  });

  it("resolves relative paths against the config file's folder", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "slm.config.json"), JSON.stringify({ paths: { warehouse: "wh/x.duckdb" } }));
    const loaded = loadConfig(dir);
    expect(loaded.root).toBe(dir);
    expect(loaded.config.paths.warehouse).toBe("wh/x.duckdb");
    expect(loaded.config.paths.inbox).toBe("data/inbox");
    // the site too: in the project folder, not in the installed package's
    expect(resolvePath(loaded, loaded.config.paths.site)).toBe(join(dir, "dist"));
  });
});

describe("paths outside the project folder", () => {
  const project = (paths: Record<string, unknown>) => {
    const dir = tempDir();
    writeFileSync(join(dir, "slm.config.json"), JSON.stringify({ paths }));
    return dir;
  };

  it("refuses a path that leaves the project folder, naming the key and the opt-in", () => {
    for (const site of ["../../etc", "/etc", ".."]) {
      const dir = project({ site });
      expect(() => loadConfig(dir), site).toThrow(ConfigError);
      expect(() => loadConfig(dir), site).toThrow(
        new RegExp(
          `^${join(dir, "slm.config.json")}: paths\\.site: .*outside the project folder ${dir}.*paths\\.allowOutside`,
        ),
      );
    }
    expect(() => loadConfig(project({ publish: "../elsewhere/publish" }))).toThrow(/paths\.publish: /);
    const dir = project({ site: "." });
    expect(() => loadConfig(dir)).toThrow(`paths.site: . is the project folder ${dir} itself`);
  });

  it("refuses a path starting with ~, which would be a folder named ~ rather than the home folder", () => {
    expect(() => loadConfig(project({ site: "~/site" }))).toThrow(/paths\.site: .*~/);
    expect(() => loadConfig(project({ publish: "~" }))).toThrow(/paths\.publish: .*~/);
  });

  it("takes a path outside when the config opts in for that key", () => {
    const outside = tempDir("slm-outside-");
    const dir = project({ site: join(outside, "site"), allowOutside: ["site"] });
    const loaded = loadConfig(dir);
    expect(resolvePath(loaded, loaded.config.paths.site)).toBe(join(outside, "site"));
    // the opt-in is per key: the site's does not cover the publish path
    expect(() => loadConfig(project({ publish: join(outside, "publish"), allowOutside: ["site"] }))).toThrow(
      /paths\.publish: /,
    );
    expect(() => loadConfig(project({ allowOutside: ["sites"] }))).toThrow(/paths\.allowOutside\.0: /);
    // inside, however it is spelt
    expect(() => loadConfig(project({ site: "data/../public/site" }))).not.toThrow();
  });
});
