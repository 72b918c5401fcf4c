import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { loadConfig, resolvePath } from "../warehouse/config.ts";
import { disclosureSchema, disclosureSettings } from "./disclosure/settings.ts";
import { GROUP_LABELS, STAGE_LABELS } from "./metrics/registry.ts";

/** Where `slm run` wrote the publish tables; `slm site build` passes it down to the site's data loaders. */
export function publishDir(): string {
  if (process.env.SLM_PUBLISH_DIR) return process.env.SLM_PUBLISH_DIR;
  const loaded = loadConfig(process.cwd());
  return resolvePath(loaded, loaded.config.paths.publish);
}

/** The text of one published table, for a site data loader to pass through unchanged. */
export function readPublished(table: string, dir = publishDir()): string {
  const file = join(dir, `${table}.json`);
  if (!existsSync(file)) {
    throw new Error(`${file}: not published yet; run \`slm run\` before building the site`);
  }
  return readFileSync(file, "utf8");
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
