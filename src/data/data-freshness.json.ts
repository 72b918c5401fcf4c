import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_data_freshness");
