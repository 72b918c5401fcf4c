import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Every clear-text identifier the demo planted: names, e-mail addresses, national IDs in their usual forms. */
export function plantedIdentifiers(truthDir: string): Set<string> {
  const [header, ...lines] = readFileSync(join(truthDir, "persons.csv"), "utf8").trim().split("\n");
  const columns = header!.split(",");
  const at = (name: string) => columns.indexOf(name);
  const values = new Set<string>();
  for (const line of lines) {
    const cells = line.split(",");
    for (const name of ["email", "national_id", "bsn", "interim_id"]) {
      const value = cells[at(name)];
      if (value) values.add(value.toLowerCase());
    }
    const id = cells[at("national_id")];
    if (id?.length === 12) {
      values.add(`${id.slice(0, 8)}-${id.slice(8)}`);
      values.add(`${id.slice(2, 8)}-${id.slice(8)}`);
    }
    values.add(`${cells[at("first_name")]} ${cells[at("last_name")]}`.toLowerCase());
  }
  return values;
}
