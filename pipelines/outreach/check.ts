/**
 * `slm outreach check`: a planned send, checked against the warehouse before it goes out. For every
 * recipient: would the message push them over a contact cap (7 or 30 days, all departments, the planned
 * messages included, and the sends `slm audience plan` recorded that no extract shows sent yet), would it collide
 * with another department's message within the window, and is there a consent for the purpose valid at the
 * planned time. `slm audience build` runs the same rule over an audience (audiences/build.ts). Only the institution's own contact ids and
 * pseudonymous person ids leave this module; the planned file is read and checked by
 * loaders/outreach/planned-mailing.ts, which keeps none of its other columns.
 */
import { readFileSync } from "node:fs";
import type { PlannedRow } from "../../loaders/outreach/planned-mailing.ts";
import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

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

/** Where the queries that find every recipient's issues and the recorded plans live: SQL, beside this file. */
const RECIPIENT_ISSUES = readFileSync(new URL("./recipient-issues.sql", import.meta.url), "utf8");
const PLANNED_RECIPIENTS = readFileSync(new URL("./planned-recipients.sql", import.meta.url), "utf8");

/**
 * A planned line whose recipient is already known by the pseudonymous key of their CRM contact (an audience
 * resolved in the warehouse) rather than by the contact id a planned file names.
 */
export type KeyedPlannedRow = Omit<PlannedRow, "contactId"> & { contactId: string; contactKey: string };

/**
 * The planned rows as the TEMP table `planned_mailing` the queries read, with each contact's system key, and the
 * recorded plans as the TEMP view `planned_recipients` (planned-recipients.sql).
 */
export async function storePlanned(
  warehouse: Warehouse,
  rows: (PlannedRow | KeyedPlannedRow)[],
): Promise<void> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE planned_mailing AS
     SELECT r.line::INTEGER AS line, r.contactId AS contact_id,
            coalesce(r.contactKey, system_key('crm', r.contactId)) AS contact_key,
            r.department, r.campaign, r.purpose AS given_purpose, r.plannedAt::TIMESTAMP AS planned_at
     FROM (SELECT unnest($1::JSON::STRUCT(line INTEGER, contactId VARCHAR, contactKey VARCHAR, department VARCHAR,
                                          campaign VARCHAR, purpose VARCHAR, plannedAt VARCHAR)[]) AS r)`,
    [JSON.stringify(rows.map((row) => ({ contactKey: null, ...row })))],
  );
  await registerPlannedRecipients(warehouse);
}

/** The TEMP view `planned_recipients`: every recorded plan's recipients, with whether an extract shows them sent. */
export async function registerPlannedRecipients(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`CREATE OR REPLACE TEMP VIEW planned_recipients AS ${PLANNED_RECIPIENTS}`);
}

/**
 * Every line of the TEMP table `planned_mailing` (storePlanned) with its counts, collisions and consent
 * (recipient-issues.sql), in line order.
 */
export async function recipientIssues(warehouse: Warehouse): Promise<RecipientIssue[]> {
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
