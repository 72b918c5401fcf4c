import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_data_freshness");
