import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** One row per CRM contact (a person the CRM knows: inquirer, applicant, student, parent...). */
export const crmContacts = defineContract({
  source: "crm",
  entity: "contacts",
  description:
    "One row per CRM contact, with the personnummer where the CRM holds one, lead source and school.",
  schema: z.object({
    contact_id: field.text(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    email: field.text({ pii: true }).nullable(),
    phone: field.text({ pii: true }).nullable(),
    birth_date: field.date("%Y-%m-%d", { pii: true }).nullable(),
    personal_number: field.text({ pii: true, nationalId: "se" }).nullable(),
    country: field.text().nullable(),
    school_code: field.text().nullable(),
    programme_interest: field.text().nullable(),
    lead_source: field.text().nullable(),
    created_at: field.timestamp().nullable(),
    modified_at: field.timestamp().nullable(),
  }),
});
