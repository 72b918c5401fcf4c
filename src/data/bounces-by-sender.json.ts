import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_bounces_by_sender"));
