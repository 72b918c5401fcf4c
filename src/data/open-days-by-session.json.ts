import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_open_days_by_session");
