import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_enrolment_forecast");
