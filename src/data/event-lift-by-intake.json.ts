import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_event_lift_by_intake");
