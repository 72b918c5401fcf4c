import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_cohorts_by_prior_education");
