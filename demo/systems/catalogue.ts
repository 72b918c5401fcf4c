/**
 * The demo institution's programme catalogue (catalogue.programmes): one row per programme it offers, as a
 * study guide export would list them, so the site shows names beside codes. Not a person's record: written
 * whole, outside the dirt and the truth.
 */
import { join } from "node:path";
import { isoDate } from "../calendar.ts";
import { PROGRAMMES } from "../catalog/programmes.ts";
import type { Context } from "../context.ts";
import { CsvWriter } from "../writers/csv.ts";
import { PLAIN_CSV } from "./format.ts";

const HEADER = ["programme_code", "programme_name", "institution", "level", "language", "credits", "years"];

/** Writes the catalogue into `dir`; returns the file with its row count and size. */
export async function writeProgrammeCatalogue(
  ctx: Context,
  dir: string,
): Promise<{ path: string; rows: number; bytes: number }> {
  // named like every extract: its system, then the extract date
  const writer = new CsvWriter(join(dir, `programme_catalogue_${isoDate(ctx.extractDay)}.csv`), PLAIN_CSV);
  writer.row(HEADER);
  const programmes = PROGRAMMES.filter((p) => ctx.countries.includes(p.country));
  for (const p of programmes) {
    writer.row([
      p.code,
      p.name,
      "Demo University",
      // a master's degree names itself; every other degree the demo awards is first-cycle
      /master/i.test(p.degree) ? "master" : "bachelor",
      p.international ? "en" : p.country === "se" ? "sv" : "nl",
      String(p.credits),
      String(p.credits / 60),
    ]);
  }
  return { path: writer.path, rows: programmes.length, bytes: await writer.close() };
}
