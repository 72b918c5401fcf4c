import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** One row per consent a contact gave: purpose, legal basis, source form, given/withdrawn/expiry. */
export const crmConsents = defineContract({
  source: "crm",
  entity: "consents",
  description:
    "One row per consent: purpose, legal basis, the form (and submission) it came from, given, withdrawn, expiry.",
  schema: z.object({
    consent_id: field.text(),
    contact_id: field.text().nullable(),
    purpose: field.text().nullable(),
    legal_basis: field.text().nullable(),
    source_form: field.text().nullable(),
    source_submission_id: field.text().nullable(),
    given_at: field.timestamp().nullable(),
    withdrawn_at: field.timestamp().nullable(),
    expires_at: field.timestamp().nullable(),
    text_version: field.text().nullable(),
  }),
});
