import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_open_days_by_session"));
