/**
 * The institution's LinkedIn connections export (Connections.csv): three "Notes:" preamble lines, then
 * exactly LinkedIn's header. UTF-8, comma, LF; e-mail only where the member shares it; dates "12 Mar 2024".
 */
import { isoDate, linkedinDate, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import { fullLast } from "../person.ts";
import type { Built } from "../population.ts";
import type { Table, Tables } from "../table.ts";
import { PLAIN_CSV } from "./format.ts";

export const LINKEDIN_HEADER = [
  "First Name",
  "Last Name",
  "URL",
  "Email Address",
  "Company",
  "Position",
  "Connected On",
];
const NOTE =
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more about this setting here: https://www.linkedin.com/help/linkedin/answer/261"';

export class LinkedInSystem {
  private readonly table: Table;
  private readonly end: number;

  constructor(ctx: Context, tables: Tables) {
    this.end = ctx.extractDay;
    this.table = tables.create({
      kind: "linkedin_connections",
      file: `linkedin_connections_${isoDate(ctx.extractDay)}.csv`,
      format: PLAIN_CSV,
      preamble: ["Notes:", NOTE, ""],
      header: LINKEDIN_HEADER,
      names: { first: "First Name", last: "Last Name", email: "Email Address" },
      structural: false,
    });
  }

  write({ person: p }: Built): void {
    const a = p.alumni;
    const li = a?.linkedin;
    if (!a || !li || a.joinedAt >= this.end * SECONDS_PER_DAY || li.connectedAt >= this.end) return;
    const url = `https://www.linkedin.com/in/${li.slug}`;
    this.table.write(
      [
        p.first,
        fullLast(p),
        url,
        li.showsEmail ? p.email : "",
        a.employer?.company ?? "",
        a.employer?.title ?? "",
        linkedinDate(li.connectedAt),
      ],
      url,
      p,
    );
  }
}
