/**
 * `slm outreach check`: a planned send, checked against the warehouse before it goes out. For every
 * recipient: would the message push them over a contact cap (7 or 30 days, all departments, the planned
 * messages included), would it collide with another department's message within the window, and is there
 * a consent for the purpose valid at the planned time. Only the institution's own contact ids and
 * pseudonymous person ids leave this module: the planned file's other columns are never read.
 */
import { readFileSync } from "node:fs";
import { type Config, OUTREACH_PURPOSES } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

export class PlannedMailingError extends Error {
  override name = "PlannedMailingError";
}

export interface PlannedRow {
  /** Line in the file (the header is line 1). */
  line: number;
  contactId: string;
  department: string;
  campaign: string | null;
  purpose: string | null;
  plannedAt: string;
}

export interface RecipientIssue {
  line: number;
  contact_id: string;
  person_id: string | null;
  purpose: string;
  messages_7_days: number;
  messages_30_days: number;
  over_cap: boolean;
  collides_with: string[];
  lacks_consent: boolean;
}

export interface OutreachCheck {
  file: string;
  rows: number;
  recipients: number;
  unknown_contacts: number;
  over_cap: number;
  collisions: number;
  lacking_consent: number;
  caps: { per_7_days: number; per_30_days: number; collision_hours: number };
  issues: RecipientIssue[];
}

const COLUMNS = {
  contactId: ["contactid", "contact_id"],
  department: ["department"],
  campaign: ["campaign"],
  purpose: ["purpose"],
  plannedAt: ["plannedat", "planned_at", "sentat", "sent_at"],
} as const;
const REQUIRED: (keyof typeof COLUMNS)[] = ["contactId", "department", "plannedAt"];
const HEADER_NAME: Record<keyof typeof COLUMNS, string> = {
  contactId: "ContactId",
  department: "Department",
  campaign: "Campaign",
  purpose: "Purpose",
  plannedAt: "PlannedAt",
};

/** RFC 4180 records with their starting line numbers; a BOM, CRLF or LF, comma or semicolon. */
export function parseCsv(text: string, file: string): { line: number; cells: string[] }[] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let fresh = true;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      fresh = false;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
      fresh = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      cells.push(cell);
      if (!(fresh && cells.length === 1 && cells[0] === "")) records.push({ line: start, cells });
      cells = [];
      cell = "";
      line++;
      start = line;
      fresh = true;
    } else {
      cell += ch;
      fresh = false;
    }
  }
  if (quoted) throw new PlannedMailingError(`${file}: line ${start}: a quoted field is never closed`);
  if (!fresh || cell !== "" || cells.length > 0) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return records;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function parseTimestamp(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return null;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** Reads and validates a planned mailing; every problem names the file, line and column. */
export function readPlannedMailing(file: string, text = readFileSync(file, "utf8")): PlannedRow[] {
  const records = parseCsv(text, file);
  const header = records.shift();
  if (!header)
    throw new PlannedMailingError(
      `${file}: the file is empty; expected a header with ContactId, Department, PlannedAt`,
    );
  const names = header.cells.map((cell) => cell.trim().toLowerCase().replace(/[\s-]/g, ""));
  const at = {} as Record<keyof typeof COLUMNS, number>;
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
    at[key] = names.findIndex((name) => (COLUMNS[key] as readonly string[]).includes(name));
  }
  const missing = REQUIRED.filter((key) => at[key] < 0).map((key) => HEADER_NAME[key]);
  if (missing.length > 0)
    throw new PlannedMailingError(
      `${file}: line 1: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
    );
  const problems: string[] = [];
  const rows: PlannedRow[] = [];
  for (const { line, cells } of records) {
    if (cells.length !== header.cells.length) {
      problems.push(`${file}: line ${line}: ${cells.length} fields, the header has ${header.cells.length}`);
      continue;
    }
    const value = (key: keyof typeof COLUMNS) => (at[key] < 0 ? "" : cells[at[key]]!.trim());
    const problem = (key: keyof typeof COLUMNS, text: string) =>
      problems.push(`${file}: line ${line}, column ${header.cells[at[key]]!.trim()}: ${text}`);
    const contactId = value("contactId");
    const department = value("department");
    const plannedRaw = value("plannedAt");
    const purposeRaw = value("purpose").toLowerCase();
    let ok = true;
    if (contactId === "") {
      problem("contactId", "empty; every recipient needs the CRM contact id");
      ok = false;
    }
    if (department === "") {
      problem("department", "empty; name the sending department");
      ok = false;
    }
    const plannedAt = parseTimestamp(plannedRaw);
    if (plannedAt === null) {
      problem("plannedAt", `'${plannedRaw}' is not a date and time (YYYY-MM-DD HH:MM[:SS])`);
      ok = false;
    }
    if (purposeRaw !== "" && !(OUTREACH_PURPOSES as readonly string[]).includes(purposeRaw)) {
      problem("purpose", `'${value("purpose")}' is not one of ${OUTREACH_PURPOSES.join(", ")}`);
      ok = false;
    }
    if (ok)
      rows.push({
        line,
        contactId,
        department,
        campaign: value("campaign") || null,
        purpose: purposeRaw || null,
        plannedAt: plannedAt!,
      });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > shown.length)
      shown.push(`${file}: ... and ${problems.length - shown.length} more problems`);
    throw new PlannedMailingError(shown.join("\n"));
  }
  if (rows.length === 0) throw new PlannedMailingError(`${file}: no planned messages after the header`);
  return rows;
}

/** Where the query that finds every recipient's issues lives: SQL, beside this file. */
const RECIPIENT_ISSUES = readFileSync(new URL("./recipient-issues.sql", import.meta.url), "utf8");

/** The planned rows as the TEMP table `planned_mailing` the queries read, with each contact's system key. */
async function storePlanned(warehouse: Warehouse, rows: PlannedRow[]): Promise<void> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE planned_mailing AS
     SELECT r.line::INTEGER AS line, r.contactId AS contact_id, system_key('crm', r.contactId) AS contact_key,
            r.department, r.campaign, r.purpose AS given_purpose, r.plannedAt::TIMESTAMP AS planned_at
     FROM (SELECT unnest($1::JSON::STRUCT(line INTEGER, contactId VARCHAR, department VARCHAR, campaign VARCHAR,
                                          purpose VARCHAR, plannedAt VARCHAR)[]) AS r)`,
    [JSON.stringify(rows)],
  );
}

/** Every planned line with its counts, collisions and consent (recipient-issues.sql), in line order. */
async function recipientIssues(warehouse: Warehouse): Promise<RecipientIssue[]> {
  const found = await warehouse.all<Omit<RecipientIssue, "collides_with"> & { collides_with: string }>(
    RECIPIENT_ISSUES,
  );
  return found.map((row) => ({ ...row, collides_with: JSON.parse(row.collides_with) as string[] }));
}

/** How many planned contact ids no person-record of the warehouse knows. */
async function unknownContacts(warehouse: Warehouse): Promise<number> {
  return warehouse.scalar<number>(
    `SELECT count(DISTINCT contact_id)::INTEGER FROM planned_mailing
      WHERE 'crm:' || contact_key NOT IN (SELECT record_id FROM identity.person_registry)`,
  );
}

/** The report: counts of distinct recipients per kind of issue, and the lines with any. */
function summarise(
  file: string,
  rows: PlannedRow[],
  issues: RecipientIssue[],
  unknown: number,
  outreach: Config["outreach"],
): OutreachCheck {
  const flagged = issues.filter((i) => i.over_cap || i.collides_with.length > 0 || i.lacks_consent);
  const distinct = (list: RecipientIssue[]) => new Set(list.map((i) => i.contact_id)).size;
  return {
    file,
    rows: rows.length,
    recipients: new Set(rows.map((row) => row.contactId)).size,
    unknown_contacts: unknown,
    over_cap: distinct(issues.filter((i) => i.over_cap)),
    collisions: distinct(issues.filter((i) => i.collides_with.length > 0)),
    lacking_consent: distinct(issues.filter((i) => i.lacks_consent)),
    caps: {
      per_7_days: outreach.capPer7Days,
      per_30_days: outreach.capPer30Days,
      collision_hours: outreach.collisionHours,
    },
    issues: flagged,
  };
}

/** Checks a planned send; the warehouse must hold the built models and have the model functions registered. */
export async function checkPlannedMailing(
  warehouse: Warehouse,
  file: string,
  rows: PlannedRow[],
  outreach: Config["outreach"],
): Promise<OutreachCheck> {
  await storePlanned(warehouse, rows);
  const issues = await recipientIssues(warehouse);
  return summarise(file, rows, issues, await unknownContacts(warehouse), outreach);
}
