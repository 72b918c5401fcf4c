import { existsSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { audit } from "../warehouse/audit.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { spreadsheetCell } from "../warehouse/spreadsheet.ts";
import { NotFoundError, RefusedError, RequestError } from "./errors.ts";
import { withBuiltTables } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

/** One line of the badge / check-in list: a confirmed registrant of the session. */
export interface Attendee {
  /** The CRM registration id: the ticket the check-in app scans. */
  ticket: string;
  first_name: string | null;
  last_name: string | null;
  /** The trial lecture's programme, else the one the contact's CRM record says they are interested in. */
  programme_code: string | null;
  programme_name: string | null;
  /** What the badge says: the name, and the programme where one is known. */
  badge_text: string;
}

export interface AttendeeList {
  session_id: string;
  event_type: string | null;
  session_date: string | null;
  capacity: number | null;
  attendees: Attendee[];
  /** Where the list was written (`--out`), or null when it was only returned. */
  written: string | null;
}

/** The columns of the list's CSV, in order. */
export const ATTENDEE_COLUMNS = [
  "ticket",
  "first_name",
  "last_name",
  "programme_code",
  "programme_name",
  "badge_text",
] as const;

/**
 * The session's confirmed registrants, each resolved to their person (identity) and from there to the clear text of
 * the person's CRM contact in raw (the registration's own contact first, else another CRM contact of the person):
 * names leave raw here, for this list only, and are never written to a model table. A registration or contact of a
 * person on the erasure list is left out, should a row of theirs still be in raw.
 */
async function confirmedRegistrants(warehouse: Warehouse, sessionId: string): Promise<Attendee[]> {
  const hasCatalogue = await warehouse.tableExists("staging", "stg_catalogue__programmes");
  return warehouse.all<Attendee>(
    `WITH the_session AS (
       SELECT session_id, programme_code FROM staging.stg_crm__event_sessions WHERE session_id = $1
     ),
     erased AS (
       SELECT identifier FROM meta.erasure_list
     ),
     registrations AS (
       SELECT r.registration_id, r.contact_key, p.person_id
         FROM staging.stg_crm__event_registrations AS r
         LEFT JOIN identity.person_registry AS p ON p.record_id = 'crm:' || r.contact_key
        WHERE r.session_id = $1 AND r.status = 'confirmed'
          AND r.contact_key NOT IN (SELECT identifier FROM erased)
     ),
     contacts AS (
       SELECT system_key('crm', contact_id) AS contact_key, first_name, last_name, programme_interest, modified_at
         FROM latest_versions('raw.crm__contacts', contact_id)
     ),
     -- the registration's own contact, then the person's other CRM contacts
     candidates AS (
       SELECT g.registration_id, c.*, 0 AS rank
         FROM registrations AS g JOIN contacts AS c ON c.contact_key = g.contact_key
       UNION ALL
       SELECT g.registration_id, c.*, 1 AS rank
         FROM registrations AS g
         JOIN identity.person_registry AS o ON o.person_id = g.person_id AND o.record_id <> 'crm:' || g.contact_key
         JOIN contacts AS c ON o.record_id = 'crm:' || c.contact_key
     ),
     chosen AS (
       SELECT * FROM candidates
        WHERE contact_key NOT IN (SELECT identifier FROM erased)
       QUALIFY row_number() OVER (
         PARTITION BY registration_id ORDER BY rank, modified_at DESC NULLS LAST, contact_key
       ) = 1
     ),
     listed AS (
       SELECT
         g.registration_id AS ticket,
         nullif(trim(c.first_name), '') AS first_name,
         nullif(trim(c.last_name), '') AS last_name,
         coalesce(s.programme_code, upper(nullif(trim(c.programme_interest), ''))) AS programme_code
       FROM registrations AS g
       CROSS JOIN the_session AS s
       LEFT JOIN chosen AS c USING (registration_id)
     )
     SELECT
       l.ticket, l.first_name, l.last_name, l.programme_code,
       ${hasCatalogue ? "p.programme_name" : "NULL::VARCHAR AS programme_name"},
       concat_ws(' – ', nullif(concat_ws(' ', l.first_name, l.last_name), ''),
                 ${hasCatalogue ? "coalesce(p.programme_name, l.programme_code)" : "l.programme_code"}) AS badge_text
     FROM listed AS l
     ${hasCatalogue ? "LEFT JOIN staging.stg_catalogue__programmes AS p USING (programme_code)" : ""}
     ORDER BY l.last_name NULLS LAST, l.first_name NULLS LAST, l.ticket`,
    [sessionId],
  );
}

/** A CSV cell: formula starts defused (warehouse/spreadsheet.ts), quoted where it holds a delimiter, quote or line break. */
function csvCell(value: string | null): string {
  const text = spreadsheetCell(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The list as CSV: UTF-8 with a byte-order mark (so a spreadsheet program reads Åsa as Åsa), comma, CRLF. */
export function attendeesCsv(attendees: Attendee[]): string {
  const lines = [ATTENDEE_COLUMNS.join(",")];
  for (const a of attendees) lines.push(ATTENDEE_COLUMNS.map((c) => csvCell(a[c])).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/**
 * `slm event attendees <session>`: the badge / check-in list for the day, exactly the session's confirmed registrants
 * (name, programme of interest, badge text), for authorised staff on this machine. With `out`, written as a CSV to a
 * new file (an existing file is refused, never replaced). The audit entry says which session and how many, never
 * whom.
 */
export async function eventAttendees(
  loaded: LoadedConfig,
  options: { session: string; out?: string | undefined },
  onProgress: Progress = silent,
): Promise<AttendeeList> {
  const { session, out } = options;
  if (out !== undefined) {
    if (existsSync(out)) throw new RefusedError(`${out} exists: slm never replaces a file; name a new one`);
    if (!existsSync(dirname(out))) throw new RequestError(`${dirname(out)}: no such folder`);
  }
  return withBuiltTables(
    loaded,
    [
      ["staging", "stg_crm__event_sessions"],
      ["staging", "stg_crm__event_registrations"],
      ["identity", "person_registry"],
    ],
    async (warehouse) => {
      const found = await warehouse.one<{
        event_type: string | null;
        session_date: string | null;
        capacity: number | null;
      }>(
        `SELECT event_type, starts_at::DATE::VARCHAR AS session_date, capacity::INTEGER AS capacity
           FROM staging.stg_crm__event_sessions WHERE session_id = $1`,
        [session],
      );
      if (!found) throw new NotFoundError(`no event session ${session}: slm event upcoming lists them`);
      const attendees = await confirmedRegistrants(warehouse, session);
      if (out !== undefined) {
        // "wx": a file that appeared since the check above is refused too, never overwritten
        try {
          writeFileSync(out, attendeesCsv(attendees), { flag: "wx" });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST")
            throw new RefusedError(`${out} exists: slm never replaces a file; name a new one`);
          throw error;
        }
      }
      await audit(warehouse, "event attendees", {
        session_id: session,
        attendees: attendees.length,
        written_to_file: out === undefined ? 0 : 1,
      });
      return { session_id: session, ...found, attendees, written: out ?? null };
    },
    { models: true, onProgress },
  );
}
