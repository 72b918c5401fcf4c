import { defineContract, field } from "../contract.ts";

export const FORM_TYPES = [
  "inquiry",
  "catalogue_order_person",
  "catalogue_order_school",
  "newsletter_signup",
  "project_interest",
  "alumni_signup",
  "scholarship_application",
  "arrival_registration",
  "housing_interest",
] as const;

export const crmFormSubmissions = defineContract({
  source: "crm",
  entity: "form_submissions",
  description: "One row per web or paper form submitted to the CRM (inquiries, catalogue orders, sign-ups).",
  required: ["submission_id", "contact_id", "form_type", "submitted_at"],
  columns: {
    submission_id: field.text(),
    contact_id: field.text(),
    form_type: field.oneOf(FORM_TYPES),
    submitted_at: field.timestamp(),
    channel: field.text(),
    campaign: field.text(),
    programme_code: field.text(),
    first_name: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    email: field.text({ pii: true }),
    phone: field.text({ pii: true }),
    country: field.text(),
    school_code: field.text(),
  },
});
