import { defineContract, field } from "../contract.ts";

/**
 * LinkedIn's Connections.csv export of the institution's page: one row per connection. The profile
 * URL is the record key (and identifies a person); e-mail only where the member shares it.
 */
export const linkedinConnections = defineContract({
  source: "linkedin",
  entity: "connections",
  description:
    "One row per LinkedIn connection: name, profile URL, e-mail if shared, company, position, connected on.",
  required: ["profile_url"],
  columns: {
    first_name: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    profile_url: field.text({ pii: true }),
    email: field.text({ pii: true }),
    company: field.text(),
    position: field.text(),
    connected_on: field.date("%d %b %Y"),
  },
});
