import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("metric_definitions");
