import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";

/** [mailing id, contact id, department, campaign, sent at]; the CRM may leave department and campaign empty */
export type MailingRow = [string, string, string | null, string | null, string];
/** [consent id, contact id, purpose, given at, withdrawn at, expires at] */
export type ConsentRow = [string, string, string, string, string | null, string | null];

/** CRM contacts with nothing but their id, so each is a person of their own. */
export async function loadContacts(warehouse: Warehouse, contactIds: string[]): Promise<void> {
  for (const [index, id] of contactIds.entries()) {
    await warehouse.run(
      `INSERT INTO raw.crm__contacts (_file_id, _row, contact_id, created_at) VALUES (1, $1, $2, TIMESTAMP '2025-01-01')`,
      [index + 1, id],
    );
  }
}

/** Loads the rows as one mailings file (`fileId`: a later file for a daily extract's increment). */
export async function loadMailings(warehouse: Warehouse, rows: MailingRow[], fileId = 1): Promise<void> {
  for (const [index, [mailing, contact, department, campaign, at]] of rows.entries()) {
    await warehouse.run(
      `INSERT INTO raw.crm__mailings (_file_id, _row, mailing_id, contact_id, department, campaign, channel, sent_at)
       VALUES ($7, $1, $2, $3, $4, $5, 'email', $6::TIMESTAMP)`,
      [index + 1, mailing, contact, department, campaign, at, fileId],
    );
  }
}

export async function loadConsents(warehouse: Warehouse, rows: ConsentRow[]): Promise<void> {
  for (const [index, [consent, contact, purpose, given, withdrawn, expires]] of rows.entries()) {
    await warehouse.run(
      `INSERT INTO raw.crm__consents (_file_id, _row, consent_id, contact_id, purpose, legal_basis, source_form,
         source_submission_id, given_at, withdrawn_at, expires_at, text_version)
       VALUES (1, $1, $2, $3, $4, 'consent', 'inquiry', NULL, $5::TIMESTAMP, $6::TIMESTAMP, $7::TIMESTAMP, 'v2024-09')`,
      [index + 1, consent, contact, purpose, given, withdrawn, expires],
    );
  }
}

/** Builds the given models and everything they read (not the rest of the pipeline, which other work may be changing). */
export async function runUpstreamOf(warehouse: Warehouse, names: string[]) {
  const models = discoverModels();
  const byName = new Map(models.map((model) => [model.name, model]));
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    const model = byName.get(name);
    if (!model) throw new Error(`no model named ${name}`);
    needed.add(name);
    for (const dep of model.dependsOn) visit(dep);
  };
  for (const name of names) visit(name);
  return runModels(warehouse, undefined, buildOrder(models.filter((model) => needed.has(model.name))));
}

/** person_id (as text) -> the CRM contact id it was made from, for readable expectations. */
export async function contactsByPerson(warehouse: Warehouse): Promise<Map<string, string>> {
  const rows = await warehouse.all<{ person: string; contact: string }>(
    `SELECT r.person_id::VARCHAR AS person, c.contact_id AS contact
       FROM raw.crm__contacts AS c
       JOIN identity.person_registry AS r ON r.record_id = 'crm:' || system_key('crm', c.contact_id)`,
  );
  return new Map(rows.map((row) => [row.person, row.contact]));
}
