import { publishedManifest } from "../../pipelines/published.ts";

process.stdout.write(JSON.stringify(publishedManifest()));
