import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_funnel_by_intake");
