import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_school_coverage");
