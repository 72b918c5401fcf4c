import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_identity_by_source");
