import { afterAll, describe, expect, it, vi } from "vitest";
import { NotReadyError, RefusedError, RequestError, SiteBuildError } from "../../app/errors.ts";
import { ingest } from "../../app/ingest.ts";
import { init } from "../../app/init.ts";
import { outreachCheck } from "../../app/outreach-check.ts";
import { checkProfile } from "../../app/profile-check.ts";
import { quality } from "../../app/quality.ts";
import { retentionDue } from "../../app/retention-due.ts";
import { status } from "../../app/status.ts";
import { reportError } from "../../cli/errors.ts";
import { loadConfig } from "../../warehouse/config.ts";
import { tempProject } from "../helpers/project.ts";

/** The application layer says what is wrong with domain errors; the command line words them as before. */
describe("app operations' domain errors", () => {
  const project = tempProject();
  afterAll(() => project.remove());

  it("refuses to overwrite a project's configuration", () => {
    expect(init(project.dir)).toMatchObject({ config: { created: true }, secret: { created: true } });
    expect(() => init(project.dir)).toThrow(RefusedError);
    expect(init(project.dir, { ifMissing: true })).toMatchObject({
      config: { created: false },
      secret: { created: false },
    });
  });

  it("says what is not there yet, and what cannot be done as asked, before touching a warehouse", async () => {
    const loaded = loadConfig(project.dir);
    expect(await status(loaded)).toMatchObject({ warehouse: { bytes: null }, sources: [], last_run: null });
    await expect(quality(loaded)).rejects.toThrow(NotReadyError);
    await expect(ingest(loaded, { replace: true })).rejects.toThrow(RequestError);
    await expect(ingest(loaded, { paths: ["x.csv"], reason: "why" })).rejects.toThrow(
      new RequestError("--reason goes with --replace"),
    );
    await expect(retentionDue(loaded, { asOf: "2026-13-45" })).rejects.toThrow(RequestError);
    await expect(checkProfile(loaded, "no/such.csv")).rejects.toThrow(RequestError);
    await expect(outreachCheck(loaded, "no/such.csv")).rejects.toThrow(RequestError);
  });
});

describe("the command line's wording of domain errors", () => {
  it("prints the message as the user's (no 'unexpected error' line) and exits 1; multi-line ones keep their lines", () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(reportError(new NotReadyError("no identity results yet: run `slm run` first"), false)).toBe(1);
      expect(
        reportError(new SiteBuildError("site build failed (exit 1):\nline one\nline two", true), false),
      ).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual([
      "slm: no identity results yet: run `slm run` first\n",
      "slm: site build failed (exit 1):\nline one\nline two\n",
    ]);
  });
});
