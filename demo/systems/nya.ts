/**
 * NyA, the Swedish admissions system behind antagning.se and universityadmissions.se: one row per
 * application choice. Windows-1252, semicolon, CRLF, Swedish headers, decimal comma, and the report's
 * "Totalt;<n>" line at the end. International applicants (round "<term>-INT") have no personnummer.
 */
import { isoDate, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import { fullLast } from "../person.ts";
import type { Built } from "../population.ts";
import { hashInts } from "../prng.ts";
import type { Table, Tables } from "../table.ts";
import { personRng, SWEDISH_REPORT, swedishIdOn, writeSwedishId } from "./format.ts";

const SALT = 202;

/** The columns of a NyA / antagning.se selection export, as the demo writes them. */
export const NYA_HEADER = [
  "Antagningsomgång",
  "Anmälningskod",
  "Programkod",
  "Programnamn",
  "SökandeId",
  "Personnummer",
  "Förnamn",
  "Efternamn",
  "Födelsedatum",
  "Kön",
  "E-post",
  "Medborgarskap",
  "Prioritet",
  "Urvalsgrupp",
  "Meritvärde",
  "Status",
  "Anmälningsdatum",
  "Urval 1",
  "Reservplats 1",
  "Urval 2",
  "Reservplats 2",
  "Antagningsbesked",
  "Svar",
  "Svarsdatum",
  "Betalningsskyldig",
  "Skolenhetskod",
];

export class NyaSystem {
  private readonly table: Table;
  private readonly end: number;

  constructor(
    private readonly ctx: Context,
    tables: Tables,
  ) {
    this.end = ctx.extractDay * SECONDS_PER_DAY;
    this.table = tables.create({
      kind: "nya_antagning",
      file: `nya_antagning_${isoDate(ctx.extractDay)}.csv`,
      format: SWEDISH_REPORT,
      header: NYA_HEADER,
      names: { first: "Förnamn", last: "Efternamn", email: "E-post" },
      dates: ["Födelsedatum", "Anmälningsdatum"],
      id: "Personnummer",
      structural: true,
      totals: (rows) => `Totalt;${rows}`,
    });
  }

  write({ person: p }: Built): void {
    const app = p.application;
    if (!app || p.country !== "se" || app.appliedAt >= this.end) return;
    const end = this.end;
    const rng = personRng(this.ctx.options.seed, p, SALT);
    const id = swedishIdOn(p, app.appliedAt, false);
    const written = id
      ? writeSwedishId(id, rng.pick(["12-", "12-", "12-", "12", "10-"] as const), this.ctx.extractDay)
      : "";
    const status = app.status !== "Anmäld" && app.statusAt < end ? app.status : "Anmäld";
    const cal = p.intake!;
    const international = app.round.endsWith("-INT");
    const u1Known = (international ? cal.earlyDeadline + 72 : cal.urval1) * SECONDS_PER_DAY < end;
    const u2Known = !international && cal.urval2 * SECONDS_PER_DAY < end;
    for (const c of app.choices) {
      const code = `DEMO-${10_000 + (hashInts(this.ctx.options.seed, cal.cycle, cal.intake.charCodeAt(0), ...[...c.programme.code].map((ch) => ch.charCodeAt(0))) % 90_000)}`;
      const evaluated = status === "Anmäld";
      const besked =
        !evaluated || app.decidedAt === null || app.decidedAt >= end
          ? ""
          : app.admitted === c
            ? "Antagen"
            : "Ej antagen";
      const answered = app.admitted === c && app.reply !== null && app.replyAt! < end;
      this.table.write(
        [
          app.round,
          code,
          c.programme.code,
          c.programme.name,
          app.applicantId,
          written,
          p.first,
          fullLast(p),
          isoDate(p.birth),
          p.female ? "K" : "M",
          p.email,
          p.nationality,
          String(c.priority),
          app.selectionGroup,
          app.merit,
          status,
          isoDate(Math.floor(app.appliedAt / SECONDS_PER_DAY)),
          evaluated && u1Known ? c.urval1 : "",
          evaluated && u1Known && c.reserve1 !== null ? String(c.reserve1) : "",
          evaluated && u2Known ? c.urval2 : "",
          evaluated && u2Known && c.reserve2 !== null ? String(c.reserve2) : "",
          besked,
          answered ? app.reply! : "",
          answered ? isoDate(Math.floor(app.replyAt! / SECONDS_PER_DAY)) : "",
          app.feePaying ? "Ja" : "Nej",
          // the school that issued the grades the merit rests on (none for an applicant schooled abroad)
          p.school ? p.school.code + p.school.branch : "",
        ],
        `${app.applicantId}:${code}`,
        p,
      );
    }
  }
}
