import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_quarantine_by_reason");
