import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_opt_outs_by_sender"));
