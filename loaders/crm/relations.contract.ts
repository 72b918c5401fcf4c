import { defineContract, field } from "../contract.ts";

/** One row per family relation between two CRM contacts (sibling, parent), as the CRM records it. */
export const crmRelations = defineContract({
  source: "crm",
  entity: "relations",
  description:
    "One row per relation between two contacts (sibling, parent): both contact ids, type, created.",
  required: ["relation_id"],
  columns: {
    relation_id: field.text(),
    contact_id: field.text(),
    related_contact_id: field.text(),
    relation_type: field.text(),
    created_at: field.timestamp(),
  },
});
