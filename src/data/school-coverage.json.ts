import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_school_coverage"));
