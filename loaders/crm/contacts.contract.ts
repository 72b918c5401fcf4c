import { defineContract, field } from "../contract.ts";

/** One row per CRM contact (a person the CRM knows: inquirer, applicant, student, parent...). */
export const crmContacts = defineContract({
  source: "crm",
  entity: "contacts",
  description:
    "One row per CRM contact, with the personnummer where the CRM holds one, lead source and school.",
  required: ["contact_id"],
  columns: {
    contact_id: field.text(),
    first_name: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    email: field.text({ pii: true }),
    phone: field.text({ pii: true }),
    birth_date: field.date("%Y-%m-%d", { pii: true }),
    personal_number: field.text({ pii: true, nationalId: "se" }),
    country: field.text(),
    school_code: field.text(),
    programme_interest: field.text(),
    lead_source: field.text(),
    created_at: field.timestamp(),
    modified_at: field.timestamp(),
  },
});
