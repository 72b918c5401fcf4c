// Thin loader: the numbers were computed and disclosure-controlled by `slm run`; this only hands them over.
import { readPublished } from "../../pipelines/published.ts";

process.stdout.write(readPublished("pub_inquiries_by_month_channel"));
