import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_funnel_by_intake");
