import { defineContract, field } from "../contract.ts";

/** One row per message sent to a contact: which department, campaign and channel, when, and whether it bounced. */
export const crmMailings = defineContract({
  source: "crm",
  entity: "mailings",
  description:
    "One row per mailing sent to a contact: department, campaign, channel, sent time, delivery status.",
  required: ["mailing_id"],
  columns: {
    mailing_id: field.text(),
    contact_id: field.text(),
    department: field.text(),
    campaign: field.text(),
    channel: field.text(),
    sent_at: field.timestamp(),
    /** Delivery as the CRM reports it (delivered, bounced ...); absent in exports without it. */
    status: field.text(),
  },
});
