import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listAudienceNames, parseAudience, readAudience } from "../../../pipelines/audiences/definition.ts";
import { tempProject } from "../../helpers/project.ts";

const GOOD = {
  name: "ht2026-no-open-day",
  purpose: "marketing",
  department: "Admissions Office",
  who: {
    reached: ["inquiry"],
    not_reached: ["open_day_registered"],
    programme: ["DATVK"],
    intake: ["HT2026"],
  },
};

describe("audience definitions", () => {
  const project = tempProject();
  afterAll(() => project.remove());

  it("reads a file, filling the defaults", () => {
    mkdirSync(join(project.dir, "audiences"));
    writeFileSync(join(project.dir, "audiences", "ht2026-no-open-day.json"), JSON.stringify(GOOD));
    expect(readAudience(project.dir, "ht2026-no-open-day")).toMatchObject({
      ...GOOD,
      columns: [],
      languages: {},
      default_language: "en",
    });
    expect(listAudienceNames(project.dir)).toEqual(["ht2026-no-open-day"]);
  });

  it("names the file and the field of each problem, one a line", () => {
    const bad = { ...GOOD, purpose: "spam", who: { ...GOOD.who, reached: ["applied"] }, colour: "red" };
    expect(() => parseAudience("audiences/x.json", JSON.stringify(bad))).toThrow(
      /^audiences\/x\.json: purpose: .*\naudiences\/x\.json: who\.reached\.0: .*\naudiences\/x\.json: \(top level\): .*colour/,
    );
    expect(() => parseAudience("audiences/x.json", "{ not json")).toThrow(
      /^audiences\/x\.json: not valid JSON/,
    );
  });

  it("refuses a name that is not the file's, and says which audiences there are", () => {
    writeFileSync(join(project.dir, "audiences", "other.json"), JSON.stringify(GOOD));
    expect(() => readAudience(project.dir, "other")).toThrow(
      'audiences/other.json: name: "ht2026-no-open-day" is not the file\'s name "other"',
    );
    expect(() => readAudience(project.dir, "missing")).toThrow(
      "audiences/missing.json: no such audience (known: ht2026-no-open-day, other)",
    );
    expect(() => readAudience(project.dir, "../secret")).toThrow(/lower-case letters/);
  });
});
