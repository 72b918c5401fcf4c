import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_enrolment_forecast");
