import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_alumni_engagement");
