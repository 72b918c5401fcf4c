import { defineContract, field } from "../contract.ts";

/** One row per consent a contact gave: purpose, legal basis, source form, given/withdrawn/expiry. */
export const crmConsents = defineContract({
  source: "crm",
  entity: "consents",
  description:
    "One row per consent: purpose, legal basis, the form (and submission) it came from, given, withdrawn, expiry.",
  required: ["consent_id"],
  columns: {
    consent_id: field.text(),
    contact_id: field.text(),
    purpose: field.text(),
    legal_basis: field.text(),
    source_form: field.text(),
    source_submission_id: field.text(),
    given_at: field.timestamp(),
    withdrawn_at: field.timestamp(),
    expires_at: field.timestamp(),
    text_version: field.text(),
  },
});
