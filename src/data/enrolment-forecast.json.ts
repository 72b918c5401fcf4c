import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_enrolment_forecast"));
