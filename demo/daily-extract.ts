import { createReadStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { FileWriter } from "../loaders/file-writer.ts";

/**
 * The next day's delivery of the CRM's mailings export: a new file holding `share` of the extract's
 * messages again under new MailingIds (the same recipients, departments and send times), as a daily
 * incremental export would bring. Used to measure an incremental run (bench) and to test one.
 */
export async function writeDailyMailings(
  mailingsFile: string,
  share = 0.01,
  day = "2026-10-02",
): Promise<{ path: string; rows: number }> {
  const path = join(dirname(mailingsFile), basename(mailingsFile).replace(/\d{4}-\d{2}-\d{2}/, day));
  if (path === mailingsFile) throw new Error(`${mailingsFile}: no date in the file name to replace`);
  const every = Math.max(1, Math.round(1 / share));
  const out = new FileWriter(path);
  let line = 0;
  let rows = 0;
  for await (const text of createInterface({ input: createReadStream(mailingsFile), crlfDelay: Infinity })) {
    line++;
    // The header (with its BOM) goes through as it is; every n-th message comes again with a new id.
    const keep = line === 1 || (line % every === 0 && text.length > 0);
    if (!keep) continue;
    if (line > 1) rows++;
    await out.write(`${line === 1 ? text : `D${text}`}\r\n`);
  }
  await out.close();
  return { path, rows };
}
