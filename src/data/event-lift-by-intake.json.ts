import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_event_lift_by_intake");
