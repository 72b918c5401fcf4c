import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("column_definitions"));
