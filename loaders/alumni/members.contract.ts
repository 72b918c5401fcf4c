import { defineContract, field } from "../contract.ts";

/**
 * The alumni database's members (an Excel workbook): one row per member, with graduation, employer
 * and sector. The national ID is a personnummer or a BSN, and missing on most records created
 * before 2010.
 */
export const alumniMembers = defineContract({
  source: "alumni",
  entity: "members",
  description:
    "One row per alumni member: name, e-mail, national ID, graduation year and programme, employer, sector, job title, country, joined.",
  required: ["member_id"],
  columns: {
    member_id: field.text(),
    first_name: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    email: field.text({ pii: true }),
    national_id: field.text({ pii: true, nationalId: "any" }),
    birth_date: field.date("%Y-%m-%d", { pii: true }),
    graduation_year: field.integer(),
    programme_code: field.text(),
    programme_name: field.text(),
    degree_name: field.text(),
    employer: field.text(),
    sector: field.text(),
    job_title: field.text(),
    country: field.text(),
    joined_on: field.date(),
  },
});
