import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_bounces_by_sender");
