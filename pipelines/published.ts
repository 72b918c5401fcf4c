import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { loadConfig, resolvePath } from "../warehouse/config.ts";
import { disclosureSchema, disclosureSettings } from "./disclosure/settings.ts";
import { GROUP_LABELS, STAGE_LABELS } from "./metrics/registry.ts";
import { readPublishedFile } from "./published-file.ts";

/** Where `slm run` wrote the publish tables; `slm site build` passes it down to the site's data loaders. */
export function publishDir(): string {
  if (process.env.SLM_PUBLISH_DIR) return process.env.SLM_PUBLISH_DIR;
  const loaded = loadConfig(process.cwd());
  return resolvePath(loaded, loaded.config.paths.publish);
}

/** The text of one published table, for a site data loader to pass through unchanged. */
export function readPublished(table: string, dir = publishDir()): string {
  return readPublishedFile(table, dir);
}

/** What each source of the reference date means to a reader of the site (no flags or variables named). */
const AS_OF_WHY: Record<string, string> = {
  flag: "the day this release was computed as of",
  env: "the day this release was computed as of",
  config: "the institution's configured reference date",
  newest_extract: "the date of the newest extract loaded",
  newest_load: "the day the newest extract was loaded: no extract carried a date",
  clock: "the day of the run: no extract was loaded",
};

/**
 * The line every page opens with (observablehq.config.ts `header`): the day the figures are as of and why,
 * from the release's manifest. Empty for a release from before the manifest carried it.
 */
export function dataAsOfHeader(dir = publishDir()): string {
  const file = join(dir, "_manifest.json");
  if (!existsSync(file)) return "";
  const { as_of: asOf, as_of_source: source } = JSON.parse(readFileSync(file, "utf8"));
  // written by slm run from a validated date and a fixed set of sources; checked again, as this is HTML
  if (typeof asOf !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return "";
  const why = AS_OF_WHY[source] ?? "";
  return `<p class="slm-as-of">Data as of ${asOf}${why ? ` <small>(${why})</small>` : ""}</p>`;
}

// Checked at the site's boundary: the pages and the footer state the disclosure settings as the manifest
// gives them. A release written before the manifest carried them was made with the defaults.
const manifestSchema = z
  .object({
    locale: z.string().min(2),
    disclosure: disclosureSchema.default(disclosureSettings()),
    labels: z
      .object({ stages: z.record(z.string(), z.string()), groups: z.record(z.string(), z.string()) })
      .default({ stages: STAGE_LABELS, groups: GROUP_LABELS }),
    intakes: z
      .array(
        z.object({
          intake: z.string(),
          start_on: z.string().nullable(),
          deadline: z.string(),
          previous_intake: z.string().nullable(),
        }),
      )
      .default([]),
  })
  .passthrough();

export type PublishedManifest = z.infer<typeof manifestSchema>;

/** The release's manifest (_manifest.json), validated, with its disclosure settings. */
export function publishedManifest(dir = publishDir()): PublishedManifest {
  return manifestSchema.parse(JSON.parse(readPublished("_manifest", dir)));
}
