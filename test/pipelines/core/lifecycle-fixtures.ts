import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";

/**
 * Literal source rows for lifecycle tests. A test person `P` appears in every system under the same name and
 * e-mail, so identity links their records by rule 3 and every event lands on one person_id.
 */
let row = 0;
const who = (person: string) => [person, "Test", `${person.toLowerCase()}@example.org`] as const;

export async function form(
  w: Warehouse,
  p: {
    id: string;
    person: string;
    type?: string;
    at: string;
    channel?: string | null;
    campaign?: string | null;
    programme?: string | null;
    country?: string;
  },
) {
  await w.run(
    `INSERT INTO raw.crm__form_submissions (_file_id, _row, submission_id, contact_id, form_type, submitted_at, channel,
       campaign, programme_code, first_name, last_name, email, country)
     VALUES (1, $1, $2, $3, $4, $5::TIMESTAMP, $6, $7, $8, $9, $10, $11, $12)`,
    [
      ++row,
      p.id,
      `C-${p.person}`,
      p.type ?? "inquiry",
      p.at,
      p.channel === undefined ? "web_form" : p.channel,
      p.campaign ?? null,
      p.programme === undefined ? "PROGA" : p.programme,
      ...who(p.person),
      p.country ?? "SE",
    ],
  );
}

export async function session(
  w: Warehouse,
  p: { id: string; type?: string; intake?: string; programme?: string | null; at: string; capacity?: number },
) {
  await w.run(
    `INSERT INTO raw.crm__event_sessions (_file_id, _row, session_id, event_type, title, programme_code, cohort, starts_at, ends_at, capacity)
     VALUES (1, $1, $2, $3, $2, $4, $5, $6::TIMESTAMP, $6::TIMESTAMP + INTERVAL 3 HOUR, $7)`,
    [++row, p.id, p.type ?? "open_day", p.programme ?? null, p.intake ?? "HT2026", p.at, p.capacity ?? 100],
  );
}

export async function registration(
  w: Warehouse,
  p: { id: string; session: string; person: string; at: string; status?: string },
) {
  await w.run(
    `INSERT INTO raw.crm__event_registrations (_file_id, _row, registration_id, session_id, contact_id, registered_at, status)
     VALUES (1, $1, $2, $3, $4, $5::TIMESTAMP, $6)`,
    [++row, p.id, p.session, `C-${p.person}`, p.at, p.status ?? "confirmed"],
  );
}

/** A check-in with the registration as ticket, or a walk-in (no ticket) carrying the person's name and e-mail. */
export async function checkin(
  w: Warehouse,
  p: { id: string; session: string; person: string; at: string; ticket?: string | null },
) {
  await w.run(
    `INSERT INTO raw.checkin__checkins (_file_id, _row, checkin_id, session_id, checked_in_at, first_name, last_name, email, ticket, walk_in)
     VALUES (1, $1, $2, $3, $4::TIMESTAMP, $5, $6, $7, $8, $9)`,
    [++row, p.id, p.session, p.at, ...who(p.person), p.ticket ?? null, !p.ticket],
  );
}

export async function application(
  w: Warehouse,
  p: {
    person: string;
    code?: string;
    round?: string;
    programme?: string;
    priority?: number;
    status?: string;
    on?: string;
    urval1?: string | null;
    urval2?: string | null;
    decision?: string | null;
    reply?: string | null;
    repliedOn?: string | null;
    citizenship?: string;
  },
) {
  await w.run(
    `INSERT INTO raw.nya__applications (_file_id, _row, admission_round, application_code, programme_code, applicant_id,
       first_name, last_name, email, citizenship, priority, application_status, applied_on, selection_round_1,
       selection_round_2, admission_decision, reply, replied_on)
     VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::DATE, $13, $14, $15, $16, $17::DATE)`,
    [
      ++row,
      p.round ?? "HT2026",
      p.code ?? `DEMO-${p.programme ?? "PROGA"}`,
      p.programme ?? "PROGA",
      `A-${p.person}`,
      ...who(p.person),
      p.citizenship ?? "SE",
      p.priority ?? 1,
      p.status ?? "Anmäld",
      p.on ?? "2026-04-01",
      p.urval1 ?? null,
      p.urval2 ?? null,
      p.decision ?? null,
      p.reply ?? null,
      p.repliedOn ?? null,
    ],
  );
}

/** A Ladok student with a first-time registration on one course of the programme at the term start. */
export async function ladokStart(
  w: Warehouse,
  p: { person: string; programme?: string; term?: string; on?: string; type?: string },
) {
  await w.run(
    `INSERT INTO raw.ladok__students (_file_id, _row, ladok_uid, first_name, last_name, email, first_registered_on)
     VALUES (1, $1, $2, $3, $4, $5, $6::DATE)`,
    [++row, `U-${p.person}`, ...who(p.person), p.on ?? "2026-08-31"],
  );
  await ladokRegistration(w, p);
}

export async function ladokRegistration(
  w: Warehouse,
  p: { person: string; programme?: string; term?: string; on?: string; type?: string; course?: string },
) {
  await w.run(
    `INSERT INTO raw.ladok__registrations (_file_id, _row, ladok_uid, programme_code, course_code, term, credits, registered_on, registration_type)
     VALUES (1, $1, $2, $3, $4, $5, 7.5, $6::DATE, $7)`,
    [
      ++row,
      `U-${p.person}`,
      p.programme ?? "PROGA",
      p.course ?? "ABC101",
      p.term ?? "HT2026",
      p.on ?? "2026-08-31",
      p.type ?? "Förstagångsregistrering",
    ],
  );
}

export async function studyBreak(
  w: Warehouse,
  p: {
    person: string;
    programme?: string;
    term?: string;
    on: string;
    type: "Tidigt avbrott" | "Sent avbrott";
  },
) {
  await w.run(
    `INSERT INTO raw.ladok__study_breaks (_file_id, _row, ladok_uid, programme_code, break_type, break_date, term)
     VALUES (1, $1, $2, $3, $4, $5::DATE, $6)`,
    [++row, `U-${p.person}`, p.programme ?? "PROGA", p.type, p.on, p.term ?? "HT2026"],
  );
}

/** Builds the given models and everything they read, in order (so a colleague's unfinished model elsewhere cannot fail these tests). */
export async function runUpTo(w: Warehouse, targets: string[]) {
  const all = discoverModels();
  const wanted = new Set(targets);
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of all)
      if (wanted.has(m.name))
        for (const d of m.dependsOn)
          if (!wanted.has(d)) {
            wanted.add(d);
            grew = true;
          }
  }
  return runModels(w, undefined, buildOrder(all.filter((m) => wanted.has(m.name))));
}
