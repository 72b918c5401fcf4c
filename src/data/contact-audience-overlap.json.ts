import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_contact_audience_overlap");
