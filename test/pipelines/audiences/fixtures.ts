import type { Warehouse } from "../../../warehouse/connection.ts";
import { runUpstreamOf } from "../core/fct_mailings.helpers.ts";
import { form, ladokStart, registration, session } from "../core/lifecycle-fixtures.ts";

/**
 * Literal persons for audience tests. Person `X` is CRM contact `C-X`, named `X Test`, `x@example.org`, who
 * inquired about a programme on a day; the helpers add what each test needs on top.
 */
let row = 1000;

export async function contact(
  w: Warehouse,
  p: { person: string; email?: string | null; country?: string; created?: string; school?: string },
): Promise<void> {
  await w.run(
    `INSERT INTO raw.crm__contacts (_file_id, _row, contact_id, first_name, last_name, email, country, created_at,
       school_code)
     VALUES (1, $1, $2, $3, 'Test', $4, $5, $6::TIMESTAMP, $7)`,
    [
      ++row,
      `C-${p.person}`,
      p.person,
      p.email === undefined ? `${p.person.toLowerCase()}@example.org` : p.email,
      p.country ?? "SE",
      p.created ?? "2026-01-15 10:00:00",
      p.school ?? null,
    ],
  );
}

/** A contact who inquired about `programme` (default PROGA) on 1 February 2026: the HT2026 cycle. */
export async function inquirer(
  w: Warehouse,
  p: {
    person: string;
    programme?: string;
    email?: string | null;
    created?: string;
    at?: string;
    country?: string;
    school?: string;
  },
): Promise<void> {
  await contact(w, p);
  await form(w, {
    id: `S-${p.person}`,
    person: p.person,
    at: p.at ?? "2026-02-01 12:00:00",
    programme: p.programme ?? "PROGA",
    ...(p.country ? { country: p.country } : {}),
  });
}

export async function openDayRegistration(w: Warehouse, person: string, intake = "HT2026"): Promise<void> {
  await session(w, { id: `OD-${person}`, intake, at: "2026-03-01 10:00:00" });
  await registration(w, { id: `R-${person}`, session: `OD-${person}`, person, at: "2026-02-10 10:00:00" });
}

export async function consent(
  w: Warehouse,
  person: string,
  p: { purpose?: string; given?: string; withdrawn?: string | null; expires?: string | null } = {},
): Promise<void> {
  await w.run(
    `INSERT INTO raw.crm__consents (_file_id, _row, consent_id, contact_id, purpose, legal_basis, source_form,
       given_at, withdrawn_at, expires_at)
     VALUES (1, $1, $2, $3, $4, 'consent', 'inquiry', $5::TIMESTAMP, $6::TIMESTAMP, $7::TIMESTAMP)`,
    [
      ++row,
      `K-${person}-${row}`,
      `C-${person}`,
      p.purpose ?? "marketing",
      p.given ?? "2026-02-01 12:00:00",
      p.withdrawn ?? null,
      p.expires === undefined ? "2028-02-01 12:00:00" : p.expires,
    ],
  );
}

export async function mailing(
  w: Warehouse,
  person: string,
  p: { department: string; campaign: string; at: string; status?: string; channel?: string },
): Promise<void> {
  await w.run(
    `INSERT INTO raw.crm__mailings (_file_id, _row, mailing_id, contact_id, department, campaign, channel, sent_at, status)
     VALUES (1, $1, $2, $3, $4, $5, $6, $7::TIMESTAMP, $8)`,
    [
      ++row,
      `M-${row}`,
      `C-${person}`,
      p.department,
      p.campaign,
      p.channel ?? "email",
      p.at,
      p.status ?? "delivered",
    ],
  );
}

/**
 * An alumni-database member with the contact's name and e-mail (so identity links them), and engagements; the
 * member graduated from PROGA in 2020 unless told otherwise. `contact: false` when the test made the contact.
 */
export async function alumnus(
  w: Warehouse,
  person: string,
  engagements: { type: string; mode: string; on: string }[],
  p: {
    graduationYear?: number;
    programme?: string;
    employer?: string;
    sector?: string;
    contact?: boolean;
  } = {},
): Promise<void> {
  if (p.contact ?? true) await contact(w, { person });
  await w.run(
    `INSERT INTO raw.alumni__members (_file_id, _row, member_id, first_name, last_name, email, graduation_year,
       programme_code, employer, sector, joined_on)
     VALUES (1, $1, $2, $3, 'Test', $4, $5, $6, $7, $8, DATE '2020-06-15')`,
    [
      ++row,
      `AL-${person}`,
      person,
      `${person.toLowerCase()}@example.org`,
      p.graduationYear ?? 2020,
      p.programme ?? "PROGA",
      p.employer ?? null,
      p.sector ?? null,
    ],
  );
  for (const [i, e] of engagements.entries())
    await w.run(
      `INSERT INTO raw.alumni__engagements (_file_id, _row, engagement_id, member_id, engagement_type, case_mode, engaged_on)
       VALUES (1, $1, $2, $3, $4, $5, $6::DATE)`,
      [++row, `E-${person}-${i}`, `AL-${person}`, e.type, e.mode, e.on],
    );
}

/** A student of `programme` (default PROGA) in the records system, who took its degree on `on`. */
export async function graduate(
  w: Warehouse,
  p: { person: string; on: string; programme?: string },
): Promise<void> {
  const programme = p.programme ?? "PROGA";
  await ladokStart(w, { person: p.person, programme, term: "HT2019", on: "2019-08-31" });
  await w.run(
    `INSERT INTO raw.ladok__degrees (_file_id, _row, ladok_uid, first_name, last_name, degree_name, degree_code,
       programme_code, degree_date, credits)
     VALUES (1, $1, $2, $3, 'Test', 'Kandidatexamen', $4, $5, $6::DATE, 180)`,
    [++row, `U-${p.person}`, p.person, `KAND-${programme}`, programme, p.on],
  );
}

/** A LinkedIn connection of the institution's page sharing the contact's name and e-mail. */
export async function linkedinConnection(
  w: Warehouse,
  person: string,
  p: { company: string; on: string },
): Promise<void> {
  await w.run(
    `INSERT INTO raw.linkedin__connections (_file_id, _row, first_name, last_name, profile_url, email, company,
       position, connected_on)
     VALUES (1, $1, $2, 'Test', $3, $4, $5, 'Engineer', $6::DATE)`,
    [
      ++row,
      person,
      `https://www.linkedin.com/in/${person.toLowerCase()}-test`,
      `${person.toLowerCase()}@example.org`,
      p.company,
      p.on,
    ],
  );
}

/** The models an audience reads, built from the literal rows (and what they read). */
export async function buildAudienceModels(w: Warehouse): Promise<void> {
  await runUpstreamOf(w, [
    "core.fct_lifecycle_events",
    "core.int_inquiry_intakes",
    "core.fct_mailings",
    "core.fct_consents",
    "core.dim_person_school",
    "core.fct_alumni",
    "staging.stg_alumni__members",
    "staging.stg_linkedin__connections",
  ]);
}
