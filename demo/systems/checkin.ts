/**
 * The event check-in app's export: who was scanned in at which session. It knows tickets (the CRM's
 * registration id) but not contacts; walk-ins have no ticket. UTF-8 without BOM, comma, LF.
 */
import { isoDate, isoDateTime, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import { fullLast } from "../person.ts";
import type { Built } from "../population.ts";
import type { Table, Tables } from "../table.ts";
import { PLAIN_CSV } from "./format.ts";

export class CheckInSystem {
  private readonly table: Table;
  private readonly end: number;

  constructor(
    private readonly ctx: Context,
    tables: Tables,
  ) {
    this.end = ctx.extractDay * SECONDS_PER_DAY;
    this.table = tables.create({
      kind: "event_checkins",
      file: `event_checkins_${isoDate(ctx.extractDay)}.csv`,
      format: PLAIN_CSV,
      header: ["CheckinId", "SessionId", "CheckedInAt", "FirstName", "LastName", "Email", "Ticket", "WalkIn"],
      names: { first: "FirstName", last: "LastName", email: "Email" },
      dates: ["CheckedInAt"],
      structural: true,
    });
  }

  write({ person: p }: Built): void {
    const rows: [string, number, string, boolean][] = [];
    for (const r of p.crm?.registrations ?? [])
      if (r.checkedInAt !== null) rows.push([r.session.id, r.checkedInAt, r.id, false]);
    if (p.walkIn) rows.push([p.walkIn.session.id, p.walkIn.at, "", true]);
    for (const [session, at, ticket, walkIn] of rows) {
      if (at >= this.end) continue;
      const id = `CI${String(this.ctx.next("checkin")).padStart(8, "0")}`;
      this.table.write(
        [id, session, isoDateTime(at), p.first, fullLast(p), p.email, ticket, walkIn ? "yes" : "no"],
        id,
        p,
      );
    }
  }
}
