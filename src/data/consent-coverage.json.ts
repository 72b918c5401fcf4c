import { writePublishedColumns } from "./published-columns.ts";

writePublishedColumns("pub_consent_coverage");
