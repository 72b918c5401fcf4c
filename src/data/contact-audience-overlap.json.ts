import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_contact_audience_overlap"));
