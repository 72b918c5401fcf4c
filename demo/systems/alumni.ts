/**
 * The alumni database: members as an Excel workbook (real date cells; national IDs missing on most
 * records created before 2010) and engagements as CSV (UTF-8, comma, LF) with their CASE mode.
 */
import { day, isoDate, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import { CASE_MODE } from "../journey/alumni.ts";
import { fullLast } from "../person.ts";
import type { Built } from "../population.ts";
import { RATES } from "../rates.ts";
import type { Table, Tables } from "../table.ts";
import { XLSX_MAX_ROWS } from "../writers/xlsx.ts";
import { PLAIN_CSV, personRng, writeSwedishId } from "./format.ts";

const SALT = 505;

/** The columns of the alumni database's member export, as the demo writes them. */
export const MEMBER_HEADER = [
  "MemberId",
  "FirstName",
  "LastName",
  "Email",
  "NationalId",
  "BirthDate",
  "GraduationYear",
  "ProgrammeCode",
  "Programme",
  "Degree",
  "Employer",
  "Sector",
  "JobTitle",
  "Country",
  "JoinedOn",
];

export class AlumniSystem {
  private readonly members: Table;
  private readonly engagements: Table;
  private readonly end: number;
  private capped = 0;

  constructor(
    private readonly ctx: Context,
    tables: Tables,
  ) {
    this.end = ctx.extractDay * SECONDS_PER_DAY;
    const date = isoDate(ctx.extractDay);
    const header = MEMBER_HEADER;
    this.members = tables.create({
      kind: "alumni_members",
      file: `alumni_members_${date}.xlsx`,
      format: {
        xlsx: {
          sheet: "Members",
          types: header.map((h) =>
            h === "BirthDate" || h === "JoinedOn" ? "date" : h === "GraduationYear" ? "number" : "text",
          ),
          fixedDate: new Date(this.end * 1000 + 6 * 3600 * 1000),
        },
      },
      header,
      names: { first: "FirstName", last: "LastName", email: "Email" },
      dates: ["JoinedOn"],
      id: "NationalId",
      structural: false,
    });
    this.engagements = tables.create({
      kind: "alumni_engagements",
      file: `alumni_engagements_${date}.csv`,
      format: PLAIN_CSV,
      header: ["EngagementId", "MemberId", "Type", "CaseMode", "Date", "Detail"],
      dates: ["Date"],
      structural: true,
    });
  }

  /** Members beyond Excel's row limit that were left out (recorded in the truth summary). */
  get cappedMembers(): number {
    return this.capped;
  }

  write({ person: p }: Built): void {
    const a = p.alumni;
    if (!a || a.joinedAt >= this.end) return;
    if (this.members.rows >= XLSX_MAX_ROWS - 1) {
      this.capped++;
      return;
    }
    const rng = personRng(this.ctx.options.seed, p, SALT);
    const oldRecord = a.joinedAt < day(2010, 1, 1) * SECONDS_PER_DAY;
    let nationalId = "";
    if (!(oldRecord && rng.chance(RATES.population.pre2010WithoutId))) {
      if (p.swedish)
        nationalId = writeSwedishId(
          p.swedish.id,
          rng.pick(["10-", "10-", "12-", "10"] as const),
          this.ctx.extractDay,
        );
      else if (p.bsn && rng.chance(0.6)) nationalId = p.bsn;
    }
    const e = a.employer;
    this.members.write(
      [
        a.memberId,
        p.first,
        fullLast(p),
        p.email,
        nationalId,
        rng.chance(0.7) ? isoDate(p.birth) : "",
        String(a.graduationYear),
        a.programme.code,
        a.programme.name,
        a.programme.degree,
        e?.company ?? "",
        e?.sector ?? "",
        e?.title ?? "",
        p.international ? p.nationality : p.country.toUpperCase(),
        isoDate(Math.floor(a.joinedAt / SECONDS_PER_DAY)),
      ],
      a.memberId,
      p,
    );
    for (const g of a.engagements) {
      if (g.at >= this.end) continue;
      this.engagements.write(
        [g.id, a.memberId, g.type, CASE_MODE[g.type], isoDate(Math.floor(g.at / SECONDS_PER_DAY)), g.detail],
        g.id,
        p,
      );
    }
  }
}
