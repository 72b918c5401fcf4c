/**
 * The demo institution's programme catalogue (catalogue.programmes): one row per programme it offers, as a
 * study guide export would list them, so the site shows names beside codes. Not a person's record: written
 * whole, outside the dirt and the truth.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isoDate } from "../calendar.ts";
import { PROGRAMMES } from "../catalog/programmes.ts";
import type { Context } from "../context.ts";

const HEADER = ["programme_code", "programme_name", "institution", "level", "language", "credits", "years"];

/** Writes the catalogue into `dir`; returns the file with its row count and size. */
export function writeProgrammeCatalogue(
  ctx: Context,
  dir: string,
): { path: string; rows: number; bytes: number } {
  const rows = PROGRAMMES.filter((p) => ctx.countries.includes(p.country)).map((p) => [
    p.code,
    p.name,
    "Demo University",
    // a master's degree names itself; every other degree the demo awards is first-cycle
    /master/i.test(p.degree) ? "master" : "bachelor",
    p.international ? "en" : p.country === "se" ? "sv" : "nl",
    String(p.credits),
    String(p.credits / 60),
  ]);
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const text = `${[HEADER, ...rows].map((row) => row.map(quote).join(",")).join("\n")}\n`;
  // named like every extract: its system, then the extract date
  const path = join(dir, `programme_catalogue_${isoDate(ctx.extractDay)}.csv`);
  writeFileSync(path, text);
  return { path, rows: rows.length, bytes: Buffer.byteLength(text) };
}
