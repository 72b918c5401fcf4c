import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataAsOfHeader } from "../../pipelines/published.ts";
import { tempProject } from "../helpers/project.ts";

describe("the line every page opens with", () => {
  const release = tempProject("slm-release-");
  afterAll(() => release.remove());
  const header = (manifest: Record<string, unknown>) => {
    writeFileSync(join(release.dir, "_manifest.json"), JSON.stringify(manifest));
    return dataAsOfHeader(release.dir);
  };

  it("says the day and why, for each source of the reference date", () => {
    expect(header({ as_of: "2026-11-03", as_of_source: "newest_load" })).toBe(
      '<p class="slm-as-of">Data as of 2026-11-03 <small>(the day the newest extract was loaded: no extract carried a date)</small></p>',
    );
    expect(header({ as_of: "2026-10-01", as_of_source: "newest_extract" })).toContain(
      "<small>(the date of the newest extract loaded)</small>",
    );
    expect(header({ as_of: "2026-12-07", as_of_source: "clock" })).toContain(
      "<small>(the day of the run: no extract was loaded)</small>",
    );
  });

  it("gives the day alone for a source it does not know, and nothing for a day that is not one", () => {
    expect(header({ as_of: "2026-10-01", as_of_source: "<b>x</b>" })).toBe(
      '<p class="slm-as-of">Data as of 2026-10-01</p>',
    );
    expect(header({ as_of: "<script>", as_of_source: "clock" })).toBe("");
  });
});
