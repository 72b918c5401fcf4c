/**
 * `slm outreach check`'s input: a planned mailing, read (planned-records.ts) and validated here. Every
 * problem names the file, line and column. Only the columns the check needs are kept: the file's other
 * columns (names, e-mail addresses) never leave this module.
 */
import { OUTREACH_PURPOSES } from "../../warehouse/config.ts";
import { PlannedMailingError, type PlannedRecord, readPlannedRecords } from "./planned-records.ts";

export { PlannedMailingError } from "./planned-records.ts";

export interface PlannedRow {
  /** Line in the file (the header is line 1). */
  line: number;
  contactId: string;
  department: string;
  campaign: string | null;
  purpose: string | null;
  plannedAt: string;
}

const COLUMNS = {
  contactId: ["contactid", "contact_id"],
  department: ["department"],
  campaign: ["campaign"],
  purpose: ["purpose"],
  plannedAt: ["plannedat", "planned_at", "sentat", "sent_at"],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ["contactId", "department", "plannedAt"];
const HEADER_NAME: Record<Column, string> = {
  contactId: "ContactId",
  department: "Department",
  campaign: "Campaign",
  purpose: "Purpose",
  plannedAt: "PlannedAt",
};

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

/** Each known column's index in the header (-1 when absent); the required ones must be there. */
function locateColumns(file: string, header: string[], headerLine: number): Record<Column, number> {
  const names = header.map((cell) => cell.trim().toLowerCase().replace(/[\s-]/g, ""));
  const at = {} as Record<Column, number>;
  for (const key of Object.keys(COLUMNS) as Column[]) {
    at[key] = names.findIndex((name) => (COLUMNS[key] as readonly string[]).includes(name));
  }
  const missing = REQUIRED.filter((key) => at[key] < 0).map((key) => HEADER_NAME[key]);
  if (missing.length > 0)
    throw new PlannedMailingError(
      `${file}: line ${headerLine}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
    );
  return at;
}

/** One record as a planned row, or null after adding what is wrong with it to `problems`. */
function checkRecord(
  file: string,
  header: string[],
  at: Record<Column, number>,
  { line, fields, cells, refused }: PlannedRecord,
  problems: string[],
): PlannedRow | null {
  if (refused !== undefined) {
    problems.push(`${file}: line ${line}: ${refused}`);
    return null;
  }
  if (fields !== header.length) {
    problems.push(`${file}: line ${line}: ${fields} fields, the header has ${header.length}`);
    return null;
  }
  const value = (key: Column) => (at[key] < 0 ? "" : cells[at[key]]!.trim());
  const problem = (key: Column, text: string) =>
    problems.push(`${file}: line ${line}, column ${header[at[key]]!.trim()}: ${text}`);
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
  if (!ok) return null;
  return {
    line,
    contactId,
    department,
    campaign: value("campaign") || null,
    purpose: purposeRaw || null,
    plannedAt: plannedAt!,
  };
}

/** The first 20 problems, one a line, and how many more there are. */
function problemsMessage(file: string, problems: string[]): string {
  const shown = problems.slice(0, 20);
  if (problems.length > shown.length)
    shown.push(`${file}: ... and ${problems.length - shown.length} more problems`);
  return shown.join("\n");
}

/** Reads and validates a planned mailing; every problem names the file, line and column. */
export async function readPlannedMailing(file: string): Promise<PlannedRow[]> {
  const read = await readPlannedRecords(file);
  if (!read)
    throw new PlannedMailingError(
      `${file}: the file is empty; expected a header with ContactId, Department, PlannedAt`,
    );
  const at = locateColumns(file, read.header, read.headerLine);
  const problems: string[] = [];
  const rows = read.records.flatMap((record) => checkRecord(file, read.header, at, record, problems) ?? []);
  if (problems.length > 0) throw new PlannedMailingError(problemsMessage(file, problems));
  if (rows.length === 0) throw new PlannedMailingError(`${file}: no planned messages after the header`);
  return rows;
}
