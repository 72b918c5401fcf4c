/**
 * An audience resolved against the built warehouse: who its `who` names (resolve.sql), the CRM contact and clear
 * details each one's mail goes to (recipients.sql, from raw), and whom it may not mail, by reason. Caps,
 * collisions and consent are the outreach check's own rule (outreach/recipient-issues.sql), fed with the audience
 * as a planned send; nothing here counts messages a second way.
 */
import { readFileSync } from "node:fs";
import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { recipientIssues, storePlanned } from "../outreach/check.ts";
import { outreachSettings } from "../outreach/settings.ts";
import { CATEGORY_RULES } from "../privacy/retention.ts";
import { registerSettingsTable } from "../settings.ts";
import type { Audience } from "./definition.ts";

const RESOLVE = readFileSync(new URL("./resolve.sql", import.meta.url), "utf8");
const RECIPIENTS = readFileSync(new URL("./recipients.sql", import.meta.url), "utf8").replace(
  "{since}",
  CATEGORY_RULES.contact_details.since,
);

/** Why a resolved person is left out, in the order they are tried: each person counts under the first that holds. */
export const REMOVAL_REASONS = [
  "erased",
  "retention_expired",
  "no_email",
  "no_valid_consent",
  "bounced",
  "over_cap",
  "collision",
  "mailed_recently",
] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** One exported recipient: what a mailing tool needs, and the audience's own columns. */
export interface AudienceRow {
  contact_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  language: string;
  programme?: string | null;
  intake?: string | null;
  school?: string | null;
  country?: string | null;
  employer?: string | null;
  sector?: string | null;
}

/** A person the audience resolved to, with the contact it chose (keyed) and why they were removed, if they were. */
export interface ResolvedRecipient {
  person_id: string;
  contact_key: string | null;
  removed: RemovalReason | null;
  row: AudienceRow | null;
}

export interface AudienceBuild {
  resolved: number;
  exported: number;
  removed: Record<RemovalReason, number>;
  recipients: ResolvedRecipient[];
}

export interface BuildOptions {
  /** When the mail is to go out (YYYY-MM-DD HH:MM:SS): the caps, collisions and consents are judged then. */
  plannedAt: string;
  /** The campaign, when known: a recorded plan of the same department and campaign is this send itself. */
  campaign: string | null;
  outreach: Config["outreach"];
  retention: Config["retention"];
  /** Today (YYYY-MM-DD): retention counts from the real day, being a legal period. */
  today: string;
}

interface Member {
  person_id: string;
  programme_code: string | null;
  intake: string | null;
  country_code: string | null;
  school_code: string | null;
  employer: string | null;
  sector: string | null;
}

interface Recipient {
  person_id: string;
  contact_key: string | null;
  contact_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  contact_country: string | null;
  erased: boolean;
  retention_expired: boolean;
  bounced: boolean;
}

/** The audience's `who` as the one-row TEMP table audience_definition resolve.sql reads; NULL is no filter. */
async function storeDefinition(warehouse: Warehouse, audience: Audience): Promise<void> {
  const { who } = audience;
  await registerSettingsTable(warehouse, {
    name: "audience_definition",
    columns: {
      reached: "VARCHAR[]",
      not_reached: "VARCHAR[]",
      programmes: "VARCHAR[]",
      intakes: "VARCHAR[]",
      schools: "VARCHAR[]",
      country_group: "VARCHAR",
      alumni_modes: "VARCHAR[]",
      alumni_pools: "VARCHAR[]",
      alumni: "BOOLEAN",
      graduated_programmes: "VARCHAR[]",
      within_years: "INTEGER",
      not_applied_to: "VARCHAR[]",
    },
    rows: [
      {
        reached: who.reached,
        not_reached: who.not_reached,
        programmes: who.programme?.map((code) => code.toUpperCase()) ?? null,
        intakes: who.intake?.map((code) => code.toUpperCase()) ?? null,
        schools: who.school?.map((code) => code.toUpperCase()) ?? null,
        country_group: who.country_group ?? null,
        alumni_modes: who.alumni?.mode ?? null,
        alumni_pools: who.alumni?.pool ?? null,
        alumni: who.alumni !== undefined,
        graduated_programmes: who.graduated?.programme?.map((code) => code.toUpperCase()) ?? null,
        within_years: who.graduated?.within_years ?? null,
        not_applied_to: who.not_applied_to?.map((code) => code.toUpperCase()) ?? null,
      },
    ],
  });
}

/** Persons who got any message (sent, or recorded as planned and not sent yet) in the quiet days before the send. */
async function mailedRecently(warehouse: Warehouse, days: number, plannedAt: string): Promise<Set<string>> {
  const rows = await warehouse.all<{ person_id: string }>(
    `WITH messages AS (
       SELECT person_id, sent_at FROM core.fct_mailings
       UNION ALL
       SELECT person_id, planned_at FROM planned_recipients WHERE NOT sent AND person_id IS NOT NULL
     )
     SELECT DISTINCT person_id::VARCHAR AS person_id FROM messages
      WHERE person_id IN (SELECT person_id FROM audience_members)
        AND sent_at > $1::TIMESTAMP - to_days($2::INTEGER) AND sent_at <= $1::TIMESTAMP`,
    [plannedAt, days],
  );
  return new Set(rows.map((row) => row.person_id));
}

function languageOf(audience: Audience, country: string | null): string {
  return (country && audience.languages[country]) || audience.default_language;
}

function exportRow(audience: Audience, member: Member, recipient: Recipient): AudienceRow {
  const row: AudienceRow = {
    contact_id: recipient.contact_id!,
    first_name: recipient.first_name,
    last_name: recipient.last_name,
    email: recipient.email!,
    language: languageOf(audience, recipient.contact_country ?? member.country_code),
  };
  const own: Record<(typeof audience.columns)[number], string | null> = {
    programme: member.programme_code,
    intake: member.intake,
    school: member.school_code,
    country: member.country_code,
    employer: member.employer,
    sector: member.sector,
  };
  for (const column of audience.columns) row[column] = own[column];
  return row;
}

/**
 * Resolves an audience and removes whom it may not mail. The warehouse must hold the built models and have the
 * model functions registered (the reference date among them).
 */
export async function buildAudience(
  warehouse: Warehouse,
  audience: Audience,
  options: BuildOptions,
): Promise<AudienceBuild> {
  // the caps and window the check reads are the ones given, whatever the connection was registered with
  for (const table of outreachSettings(options.outreach)) await registerSettingsTable(warehouse, table);
  await storeDefinition(warehouse, audience);
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE audience_members AS ${RESOLVE}`);
  const members = await warehouse.all<Member>(
    `SELECT person_id::VARCHAR AS person_id, programme_code, intake, country_code, school_code, employer, sector
       FROM audience_members ORDER BY person_id`,
  );
  const days = options.retention.categories.contact_details ?? null;
  const recipients = await warehouse.all<Recipient>(
    `SELECT person_id::VARCHAR AS person_id, * EXCLUDE (person_id) FROM (${RECIPIENTS})`,
    [options.today, days],
  );
  const byPerson = new Map(recipients.map((recipient) => [recipient.person_id, recipient]));

  // the outreach check's rule over the audience as one planned send, one line per contact
  const mailable = members.filter((m) => byPerson.get(m.person_id)?.contact_key);
  const lines = mailable.map((member, index) => ({
    line: index + 1,
    contactId: byPerson.get(member.person_id)!.contact_key!,
    contactKey: byPerson.get(member.person_id)!.contact_key!,
    department: audience.department,
    campaign: options.campaign,
    purpose: audience.purpose,
    plannedAt: options.plannedAt,
  }));
  await storePlanned(warehouse, lines);
  const issues = new Map(
    (lines.length > 0 ? await recipientIssues(warehouse) : []).map((issue) => [
      mailable[issue.line - 1]!.person_id,
      issue,
    ]),
  );
  const quiet = audience.quiet_days
    ? await mailedRecently(warehouse, audience.quiet_days, options.plannedAt)
    : new Set<string>();

  const removed = Object.fromEntries(REMOVAL_REASONS.map((reason) => [reason, 0])) as Record<
    RemovalReason,
    number
  >;
  const resolved: ResolvedRecipient[] = members.map((member) => {
    const recipient = byPerson.get(member.person_id);
    const issue = issues.get(member.person_id);
    const holds: Record<RemovalReason, boolean> = {
      erased: recipient?.erased ?? false,
      retention_expired: recipient?.retention_expired ?? false,
      no_email: !recipient?.email || !recipient.contact_id,
      no_valid_consent: issue?.lacks_consent ?? false,
      bounced: recipient?.bounced ?? false,
      over_cap: issue?.over_cap ?? false,
      collision: (issue?.collides_with.length ?? 0) > 0,
      mailed_recently: quiet.has(member.person_id),
    };
    const reason = REMOVAL_REASONS.find((r) => holds[r]) ?? null;
    if (reason) removed[reason]++;
    return {
      person_id: member.person_id,
      contact_key: recipient?.contact_key ?? null,
      removed: reason,
      row: reason ? null : exportRow(audience, member, recipient!),
    };
  });
  return {
    resolved: members.length,
    exported: resolved.filter((r) => r.removed === null).length,
    removed,
    recipients: resolved,
  };
}
