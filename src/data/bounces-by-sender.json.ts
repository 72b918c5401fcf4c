import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_bounces_by_sender");
