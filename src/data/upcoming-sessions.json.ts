import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_upcoming_sessions");
