import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("metric_definitions"));
