import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withSiteBuildLock } from "../../../app/site/build-lock.ts";
import { invalidateChangedLoaders } from "../../../app/site/loader-cache.ts";
import { PROJECT_ROOT, SITE_CACHE } from "../../../app/site/paths.ts";

const targets = readdirSync(join(PROJECT_ROOT, "src", "data"))
  .filter((name) => /\.json\.[jt]s$/.test(name))
  .map((name) => name.replace(/\.[jt]s$/, ""))
  .sort();

/** Drops every cached loader output and the fingerprints: the next real build loads everything afresh. */
function forgetOutputs(): void {
  for (const target of targets) rmSync(join(SITE_CACHE, "data", target), { force: true });
  rmSync(join(SITE_CACHE, "slm-loader-inputs.json"), { force: true });
}

describe("invalidateChangedLoaders", () => {
  it("keeps a loader's cached output while the release files it reads are unchanged, and drops it when one changes", async () => {
    const release = mkdtempSync(join(tmpdir(), "slm-release-"));
    const write = (table: string, rows: unknown) =>
      writeFileSync(join(release, `${table}.json`), JSON.stringify(rows));
    // Under the build lock: the cache is the one real builds use, and its placeholders are removed after.
    await withSiteBuildLock(
      () => {},
      async () => {
        try {
          write("_manifest", { locale: "en-GB", as_of: "2026-01-01" });
          write("pub_funnel_by_channel", [{ intake: "HT2025", persons: 12 }]);
          write("pub_funnel_by_intake", [{ intake: "HT2025", persons: 40 }]);
          invalidateChangedLoaders(release);
          // what Framework would have written, loader by loader
          mkdirSync(join(SITE_CACHE, "data"), { recursive: true });
          for (const target of targets) writeFileSync(join(SITE_CACHE, "data", target), "[]");

          expect(invalidateChangedLoaders(release)).toEqual({ rerun: [], reused: targets });

          write("pub_funnel_by_channel", [{ intake: "HT2025", persons: 13 }]);
          const changed = invalidateChangedLoaders(release);
          // both loaders that read pub_funnel_by_channel: the Funnel's and the Channels page's conversion
          expect(changed.rerun).toEqual(["channel-conversion.json", "funnel-by-channel.json"]);
          expect(existsSync(join(SITE_CACHE, "data", "funnel-by-channel.json"))).toBe(false);
          expect(existsSync(join(SITE_CACHE, "data", "funnel-by-intake.json"))).toBe(true);

          write("_manifest", { locale: "sv-SE", as_of: "2026-01-01" });
          // the manifest's loader, and the two whose outputs were dropped above and not written again
          expect(invalidateChangedLoaders(release).rerun).toEqual([
            "channel-conversion.json",
            "funnel-by-channel.json",
            "manifest.json",
          ]);
        } finally {
          forgetOutputs();
          rmSync(release, { recursive: true, force: true });
        }
      },
    );
  });
});
