import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_cycle_progress");
