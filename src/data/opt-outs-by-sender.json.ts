import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_opt_outs_by_sender");
