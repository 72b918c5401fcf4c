import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_contact_pressure_distribution");
