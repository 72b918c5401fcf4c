import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_contact_pressure_distribution");
