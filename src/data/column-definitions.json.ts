import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("column_definitions");
