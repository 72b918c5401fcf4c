import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_cohorts_by_application_route");
