/**
 * Studielink: one verzoek tot inschrijving (VTI) per applicant, with its status as of the extract
 * (aangemeld, ingeschreven, geannuleerd, uitgeschreven), the admission decision, payment, prior
 * education and school (BRIN + vestiging). UTF-8 without BOM, semicolon, CRLF, Dutch headers,
 * dates as DD-MM-YYYY, decimal comma. International applicants have no BSN.
 */
import { isoDate, nlDate, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import type { Built } from "../population.ts";
import type { Table, Tables } from "../table.ts";
import { DUTCH_EXPORT, decimalComma, personRng } from "./format.ts";

const SALT = 404;

export class StudielinkSystem {
  private readonly table: Table;
  private readonly end: number;

  constructor(
    private readonly ctx: Context,
    tables: Tables,
  ) {
    this.end = ctx.extractDay;
    this.table = tables.create({
      kind: "studielink_vti",
      file: `studielink_vti_${isoDate(ctx.extractDay)}.csv`,
      format: DUTCH_EXPORT,
      header: [
        "Studielinknummer",
        "Studentnummer",
        "BSN",
        "Voornaam",
        "Tussenvoegsel",
        "Achternaam",
        "Geboortedatum",
        "Geslacht",
        "E-mailadres",
        "Nationaliteit",
        "CROHO",
        "Opleiding",
        "Opleidingsvorm",
        "Collegejaar",
        "Startmaand",
        "Datum VTI",
        "Status VTI",
        "Datum status",
        "Dossier compleet",
        "Toelatingsbesluit",
        "Datum toelatingsbesluit",
        "Numerus fixus",
        "Rangnummer",
        "Betaling",
        "Vooropleiding",
        "BRIN",
        "Vestiging",
        "Gemiddeld eindcijfer VO",
      ],
      names: { first: "Voornaam", last: "Achternaam", email: "E-mailadres" },
      dates: ["Geboortedatum", "Datum VTI", "Datum status"],
      id: "BSN",
      structural: true,
    });
  }

  write({ person: p }: Built): void {
    const app = p.application;
    if (!app || p.country !== "nl") return;
    const end = this.end;
    const applied = Math.floor(app.appliedAt / SECONDS_PER_DAY);
    if (applied >= end) return;
    const cal = p.intake!;
    const programme = app.choices[0]!.programme;
    const day = (s: number | null) => (s === null ? null : Math.floor(s / SECONDS_PER_DAY));
    const decided = day(app.decidedAt);
    const replied = day(app.replyAt);
    let status = "aangemeld";
    let statusDay = applied;
    const set = (s: string, d: number | null) => {
      if (d !== null && d < end) {
        status = s;
        statusDay = d;
      }
    };
    if (app.status === "Återtagen") set("geannuleerd", day(app.statusAt));
    if (app.reply === "Återbud") set("geannuleerd", replied);
    if (app.reply === "Tackat ja") {
      if (app.melt === "no_show") set("geannuleerd", cal.termStart - 3);
      else {
        set("ingeschreven", Math.min(cal.termStart, replied! + 20));
        const study = p.study;
        if (study?.leave) set("uitgeschreven", study.leave.at);
        else if (study?.degree) set("uitgeschreven", study.degree.at);
      }
    }
    const rng = personRng(this.ctx.options.seed, p, SALT);
    const decisionKnown = decided !== null && decided < end;
    const paid = app.reply === "Tackat ja" && replied! < end;
    const prior = p.international ? "Buitenlands diploma" : rng.chance(0.88) ? "VWO" : "HBO-propedeuse";
    this.table.write(
      [
        app.studielinkId,
        app.studentNumber,
        p.bsn ?? "",
        p.first,
        p.prefix,
        p.last,
        nlDate(p.birth),
        p.female ? "V" : "M",
        p.email,
        p.nationality,
        programme.code,
        programme.name,
        "voltijd",
        String(cal.cycle),
        cal.intake === "SEP" ? "september" : "februari",
        nlDate(applied),
        status,
        nlDate(statusDay),
        app.status === "Ej komplett" ? "N" : "J",
        decisionKnown ? (app.admitted ? "toegelaten" : "afgewezen") : "",
        decisionKnown ? nlDate(decided) : "",
        programme.numerusFixus ? "J" : "N",
        app.rank !== null && decisionKnown ? String(app.rank) : "",
        paid ? "J" : "N",
        prior,
        p.school?.code ?? "",
        p.school?.branch ?? "",
        p.entryGrade === null ? "" : decimalComma(p.entryGrade, 1),
      ],
      `${app.studielinkId}:${programme.code}`,
      p,
    );
  }
}
