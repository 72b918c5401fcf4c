import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { init } from "../../app/init.ts";
import { readAudience } from "../../pipelines/audiences/definition.ts";
import { tempProject } from "../helpers/project.ts";

describe("slm init writes the example audiences, never over a user's file", () => {
  const project = tempProject();
  afterAll(() => project.remove());
  const folder = join(project.dir, "audiences");

  it("writes the three alumni lists, each a valid audience", () => {
    expect(init(project.dir).audiences).toEqual({ path: folder, created: true });
    expect(readdirSync(folder).sort()).toEqual([
      "guest-lecturers.json",
      "internship-hosts.json",
      "masters-prospects.json",
    ]);
    expect(readAudience(project.dir, "masters-prospects")).toMatchObject({
      purpose: "alumni_relations",
      who: { graduated: { within_years: 3 }, not_applied_to: ["MADSC", "MABUS"] },
    });
    expect(readAudience(project.dir, "guest-lecturers").who.alumni).toEqual({ pool: ["guest_lecture"] });
    expect(readAudience(project.dir, "internship-hosts").columns).toEqual([
      "programme",
      "employer",
      "sector",
    ]);
  });

  it("keeps a file the user changed, and writes back only one that was deleted", () => {
    const own = join(folder, "guest-lecturers.json");
    writeFileSync(own, "my own\n");
    rmSync(join(folder, "internship-hosts.json"));
    expect(init(project.dir, { ifMissing: true }).audiences.created).toBe(true);
    expect(readFileSync(own, "utf8")).toBe("my own\n");
    expect(readdirSync(folder)).toContain("internship-hosts.json");
    expect(init(project.dir, { ifMissing: true }).audiences.created).toBe(false);
  });
});
