import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_alumni_engagement");
