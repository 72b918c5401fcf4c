import { writePublishedColumns } from "./published-columns.ts";

// The Channels page's conversion per last channel, beside the first channel's (channel-conversion.json): the whole
// published table, a few hundred rows.
await writePublishedColumns("pub_conversion_by_last_channel");
