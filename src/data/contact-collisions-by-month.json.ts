import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_contact_collisions_by_month");
