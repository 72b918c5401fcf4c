import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_funnel_stages"));
