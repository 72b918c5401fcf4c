import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_contact_collisions_by_departments"));
