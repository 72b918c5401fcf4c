import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_event_lift_by_intake"));
