import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_admissions_by_intake");
