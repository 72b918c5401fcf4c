import { publishedManifest } from "../../pipelines/published.ts";
import { disclosure } from "../../src/components/disclosure.js";

/**
 * The site's footer, stating the disclosure settings of the release being built (`slm site build` sets
 * SLM_PUBLISH_DIR); loaded without a release (a test reading the page list), it names no threshold.
 */
export function siteFooter(): string {
  if (!process.env.SLM_PUBLISH_DIR) return "Aggregates only, after disclosure control.";
  return disclosure(publishedManifest()).footer;
}
