import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_admissions_by_intake");
