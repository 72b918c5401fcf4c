/**
 * Where an audience's export goes: a CSV for the mailing tool at the path the user named and a summary beside it
 * (`<out>.summary.json`, counts only). Only those two files are written, each to a temporary name beside it and
 * renamed into place; a folder is never made, replaced or deleted.
 */
import { existsSync, lstatSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { AudienceRow } from "../pipelines/audiences/build.ts";
import { spreadsheetCell } from "../warehouse/spreadsheet.ts";
import { RequestError } from "./errors.ts";

/** The path `--out` names, checked before any work: a file (new or to replace) in a folder that exists. */
export function checkOut(out: string): string {
  const path = resolve(out);
  if (!existsSync(dirname(path)))
    throw new RequestError(`${out}: its folder ${dirname(path)} does not exist`);
  for (const target of [path, `${path}.summary.json`]) {
    if (!existsSync(target)) continue;
    const stat = lstatSync(target);
    if (stat.isDirectory())
      throw new RequestError(`${target}: is a folder; --out names the CSV file to write`);
    if (!stat.isFile())
      throw new RequestError(`${target}: is not a regular file; slm writes only files there`);
  }
  return path;
}

function quote(value: string | null | undefined): string {
  const text = spreadsheetCell(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM and CRLF lines, as the CRM's own exports: what spreadsheet programs and mailing tools read. */
export function audienceCsv(columns: string[], rows: AudienceRow[]): string {
  const lines = [
    columns.join(","),
    ...rows.map((row) => columns.map((c) => quote(row[c as keyof AudienceRow])).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function writeAside(path: string, text: string): void {
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, text, { flag: "wx" });
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

export function writeAudienceCsv(path: string, csv: string): void {
  writeAside(path, csv);
}

/** Writes the summary beside the CSV; returns its path. */
export function writeAudienceSummary(path: string, summary: unknown): string {
  const summaryPath = `${path}.summary.json`;
  writeAside(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  return summaryPath;
}
