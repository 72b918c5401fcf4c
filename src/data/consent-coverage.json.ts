import { writePublishedColumns } from "./published-columns.ts";

await writePublishedColumns("pub_consent_coverage");
