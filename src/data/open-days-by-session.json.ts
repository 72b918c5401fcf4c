import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_open_days_by_session");
