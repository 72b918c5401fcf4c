import { z } from "zod";
import { disclosureSchema, disclosureSettings } from "../../pipelines/disclosure/settings.ts";
import { readPublished } from "../../pipelines/published.ts";

// Checked here, at the site's boundary: the pages state the disclosure settings as the manifest gives
// them. A release written before the manifest carried them was made with the defaults.
const manifestSchema = z
  .object({
    locale: z.string().min(2),
    disclosure: disclosureSchema.default(disclosureSettings()),
  })
  .passthrough();

process.stdout.write(JSON.stringify(manifestSchema.parse(JSON.parse(readPublished("_manifest")))));
