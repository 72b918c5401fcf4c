import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_quarantine_by_reason");
