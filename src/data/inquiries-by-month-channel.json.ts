// Thin loader: the numbers were computed and disclosure-controlled by `slm run`; this only hands them over.
import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_inquiries_by_month_channel");
