import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_school_feeder");
