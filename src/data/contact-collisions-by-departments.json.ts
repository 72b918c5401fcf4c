import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_contact_collisions_by_departments");
