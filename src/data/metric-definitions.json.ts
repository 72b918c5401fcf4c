import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("metric_definitions");
