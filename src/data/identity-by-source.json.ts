import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_identity_by_source");
