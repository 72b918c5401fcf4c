import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_cohorts_by_application_route");
