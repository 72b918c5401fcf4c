import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_upcoming_sessions");
