import { z } from "zod";
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
  schema: z.object({
    submission_id: field.text(),
    contact_id: field.text(),
    form_type: field.oneOf(FORM_TYPES),
    submitted_at: field.timestamp(),
    channel: field.text().nullable(),
    campaign: field.text().nullable(),
    programme_code: field.text().nullable(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    email: field.text({ pii: true }).nullable(),
    phone: field.text({ pii: true }).nullable(),
    country: field.text().nullable(),
    school_code: field.text().nullable(),
  }),
});
