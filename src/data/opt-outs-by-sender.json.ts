import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_opt_outs_by_sender");
