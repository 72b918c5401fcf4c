/**
 * Osiris-like Dutch student records: course results (EC, grades 1-10 with decimal comma, "NO" for
 * not sat) and diplomas (propedeuse, bachelor). UTF-8 with BOM, semicolon, CRLF, DD-MM-YYYY dates.
 */
import { isoDate, nlDate, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import type { Person } from "../person.ts";
import type { Built } from "../population.ts";
import type { Table, Tables } from "../table.ts";
import { credits, OSIRIS_EXPORT } from "./format.ts";

export class OsirisSystem {
  private readonly results: Table;
  private readonly diplomas: Table;
  private readonly end: number;

  constructor(ctx: Context, tables: Tables) {
    this.end = ctx.extractDay * SECONDS_PER_DAY;
    const date = isoDate(ctx.extractDay);
    this.results = tables.create({
      kind: "osiris_resultaten",
      file: `osiris_resultaten_${date}.csv`,
      format: OSIRIS_EXPORT,
      header: [
        "Studentnummer",
        "Cursuscode",
        "Cursusnaam",
        "Collegejaar",
        "Blok",
        "EC",
        "Resultaat",
        "Datum resultaat",
        "Status",
      ],
      dates: ["Datum resultaat"],
      structural: true,
    });
    this.diplomas = tables.create({
      kind: "osiris_diplomas",
      file: `osiris_diplomas_${date}.csv`,
      format: OSIRIS_EXPORT,
      header: [
        "Studentnummer",
        "BSN",
        "Voornaam",
        "Tussenvoegsel",
        "Achternaam",
        "CROHO",
        "Opleiding",
        "Examentype",
        "Examendatum",
        "EC",
      ],
      names: { first: "Voornaam", last: "Achternaam" },
      dates: ["Examendatum"],
      id: "BSN",
      structural: true,
    });
  }

  write({ person: p }: Built): void {
    if (p.country !== "nl") return;
    const past = p.pastDegree;
    if (past?.inRecords) {
      this.diploma(
        p,
        past.studentNumber,
        past.programme.code,
        past.programme.name,
        "Bachelor",
        past.date,
        past.programme.credits,
      );
      return;
    }
    const study = p.study;
    if (!study) return;
    const number = p.application!.studentNumber;
    const programme = p.programme!;
    for (const c of study.courses) {
      for (const r of c.results) {
        if (r.at >= this.end) continue;
        const collegejaar = c.term.slice(0, 4);
        this.results.write(
          [
            number,
            c.code,
            c.name,
            collegejaar,
            String(c.period),
            r.passed ? credits(c.credits) : "0",
            r.grade,
            nlDate(Math.floor(r.at / SECONDS_PER_DAY)),
            "Definitief",
          ],
          `${number}:${c.code}:${isoDate(Math.floor(r.at / SECONDS_PER_DAY))}`,
          p,
        );
      }
    }
    if (study.propedeuse !== null)
      this.diploma(
        p,
        number,
        programme.code,
        programme.name,
        "Propedeuse",
        Math.floor(study.propedeuse / SECONDS_PER_DAY),
        60,
      );
    if (study.degree)
      this.diploma(
        p,
        number,
        programme.code,
        programme.name,
        "Bachelor",
        study.degree.at,
        study.degree.credits,
      );
  }

  private diploma(
    p: Person,
    number: string,
    croho: string,
    name: string,
    type: string,
    at: number,
    ec: number,
  ): void {
    if (at * SECONDS_PER_DAY >= this.end) return;
    this.diplomas.write(
      [number, p.bsn ?? "", p.first, p.prefix, p.last, croho, name, type, nlDate(at), String(ec)],
      `${number}:${type}`,
      p,
    );
  }
}
