import { z } from "zod";
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
  schema: z.object({
    member_id: field.text(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    email: field.text({ pii: true }).nullable(),
    national_id: field.text({ pii: true, nationalId: "any" }).nullable(),
    birth_date: field.date("%Y-%m-%d", { pii: true }).nullable(),
    graduation_year: field.integer().nullable(),
    programme_code: field.text().nullable(),
    programme_name: field.text().nullable(),
    degree_name: field.text().nullable(),
    employer: field.text().nullable(),
    sector: field.text().nullable(),
    job_title: field.text().nullable(),
    country: field.text().nullable(),
    joined_on: field.date().nullable(),
  }),
});
