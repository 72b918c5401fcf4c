import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_cohorts_by_open_day_attended"));
