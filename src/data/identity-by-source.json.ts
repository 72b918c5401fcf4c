import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_identity_by_source"));
