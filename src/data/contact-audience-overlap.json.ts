import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_contact_audience_overlap");
