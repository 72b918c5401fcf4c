import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_contact_pressure_distribution"));
