import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("column_definitions");
