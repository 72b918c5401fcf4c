/**
 * The planted truth's answer to "inquired about programme X for intake I, never registered for an open day",
 * and whom of them a send may not reach. persons.csv says who inquired, registered and for which intake; it holds
 * no consents, caps or collisions, so those are derived here from the CRM extracts the demo wrote (contacts,
 * consents, mailings), mapped to persons by the truth's records.csv: plain TypeScript over the files, sharing no
 * SQL or code with the warehouse. A row the loader would quarantine (wrong width, a date that is no date) is
 * skipped, as ingest does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../helpers/csv.ts";

export { parseCsv };

type Row = Record<string, string>;

const STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
function stamp(value: string): number | null {
  const m = STAMP.exec(value);
  if (!m) return null;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return new Date(t).getUTCDate() === +m[3]! && new Date(t).getUTCMonth() === +m[2]! - 1 ? t : null;
}

/** The rows of an extract the loader would keep: the header's width, and every named timestamp a timestamp. */
function extract(inbox: string, prefix: string, stamps: string[]): Row[] {
  const file = readdirSync(inbox).find((name) => name.startsWith(prefix))!;
  const [header, ...records] = parseCsv(readFileSync(join(inbox, file), "utf8"));
  const rows: Row[] = [];
  for (const cells of records) {
    if (cells.length !== header!.length) continue;
    const row = Object.fromEntries(header!.map((name, i) => [name, cells[i]!.trim()]));
    if (stamps.some((column) => row[column] !== "" && stamp(row[column]!) === null)) continue;
    rows.push(row);
  }
  return rows;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface TruthQuestion {
  programme: string;
  intake: string;
  department: string;
  plannedAt: string;
  cap7: number;
  cap30: number;
  collisionHours: number;
  languages: Record<string, string>;
  defaultLanguage: string;
}

export interface TruthAnswer {
  rows: Row[];
  resolved: number;
  removed: Record<string, number>;
}

/**
 * `persons`: which of a truth person's CRM contacts identity put together (contact id -> a key of its own); the
 * truth's answer is per person, and a person identity left in two pieces (a duplicate contact with another e-mail
 * and nothing else in common: identity's recall, measured by its own tests) is two recipients to any mailing
 * list. Each piece is judged by the same rule on its own contacts: its inquiries, open-day registrations,
 * consents and mail. Without it, every truth person is one piece.
 */
export function truthAudience(dir: string, q: TruthQuestion, pieces?: Map<string, string>): TruthAnswer {
  const inbox = join(dir, "data", "inbox");
  const truth = join(dir, "data", "truth");
  const [personHeader, ...personRecords] = parseCsv(readFileSync(join(truth, "persons.csv"), "utf8"));
  const persons = personRecords
    .filter((cells) => cells.length === personHeader!.length)
    .map((cells) => Object.fromEntries(personHeader!.map((name, i) => [name, cells[i]!])));
  const [recordHeader, ...recordCells] = parseCsv(readFileSync(join(truth, "records.csv"), "utf8"));
  const at = (name: string) => recordHeader!.indexOf(name);
  const personOfContact = new Map<string, string>();
  for (const cells of recordCells)
    if (cells[at("kind")] === "crm_contacts")
      personOfContact.set(cells[at("record_key")]!, cells[at("person_id")]!);
  const pieceOf = (contactId: string) => pieces?.get(contactId) ?? personOfContact.get(contactId);

  const PROSPECT_FORMS = new Set([
    "inquiry",
    "catalogue_order_person",
    "newsletter_signup",
    "project_interest",
  ]);
  const forms = extract(inbox, "crm_form_submissions_", ["SubmittedAt"]);
  const asking = new Set(
    forms
      .filter((f) => PROSPECT_FORMS.has(f.FormType!) && f.ProgrammeCode === q.programme)
      .map((f) => pieceOf(f.ContactId!)),
  );
  const sessions = new Set(
    extract(inbox, "crm_event_sessions_", ["StartsAt", "EndsAt"])
      .filter((s) => s.EventType === "open_day" && s.Cohort === q.intake)
      .map((s) => s.SessionId),
  );
  const registered = new Set(
    extract(inbox, "crm_event_registrations_", ["RegisteredAt", "CancelledAt"])
      .filter((r) => sessions.has(r.SessionId))
      .map((r) => pieceOf(r.ContactId!)),
  );
  const inquirers = new Set(
    persons.filter((p) => p.intake === q.intake && p.inquired === "1").map((p) => p.person_id),
  );
  const answer = [...new Set([...personOfContact.keys()].map(pieceOf))]
    .filter((piece) => piece !== undefined && asking.has(piece) && !registered.has(piece))
    .filter((piece) => {
      const person = [...personOfContact].find(([contact]) => pieceOf(contact) === piece)![1];
      return inquirers.has(person);
    })
    .map((piece) => ({ person_id: piece! }));

  const contacts = extract(inbox, "crm_contacts_", ["CreatedAt", "ModifiedAt"]);
  const consents = extract(inbox, "crm_consents_", ["GivenAt", "WithdrawnAt", "ExpiresAt"]);
  const mailingRows = extract(inbox, "crm_mailings_", ["SentAt"]);
  const mailings = [...new Map(mailingRows.map((m) => [m.MailingId!, m])).values()];
  const t = stamp(`${q.plannedAt}`)!;

  const removed: Record<string, number> = {
    erased: 0,
    retention_expired: 0,
    no_email: 0,
    no_valid_consent: 0,
    bounced: 0,
    over_cap: 0,
    collision: 0,
    mailed_recently: 0,
  };
  const rows: Row[] = [];
  for (const person of answer) {
    const own = contacts.filter((c) => pieceOf(c.ContactId!) === person.person_id);
    const changed = (c: Row) => stamp(c.ModifiedAt || c.CreatedAt!) ?? 0;
    const chosen = own
      .filter((c) => c.Email !== "")
      .sort((a, b) => changed(b) - changed(a) || (a.ContactId! < b.ContactId! ? -1 : 1))[0];
    const ids = new Set(own.map((c) => c.ContactId!));
    const consented = consents.some(
      (k) =>
        ids.has(k.ContactId!) &&
        k.Purpose === "marketing" &&
        stamp(k.GivenAt!)! <= t &&
        (k.WithdrawnAt === "" || t < stamp(k.WithdrawnAt!)!) &&
        (k.ExpiresAt === "" || t < stamp(k.ExpiresAt!)!),
    );
    const sent = mailings.filter((m) => ids.has(m.ContactId!) && m.SentAt !== "");
    const lastEmail = sent
      .filter((m) => chosen && m.ContactId === chosen.ContactId && m.Channel === "email")
      .sort((a, b) => stamp(b.SentAt!)! - stamp(a.SentAt!)!)[0];
    const times = [...sent.map((m) => stamp(m.SentAt!)!), t].sort((a, b) => a - b);
    // the planned message breaks a cap when a window holding it is over: windows end at it or a later message
    const within = (end: number, days: number) =>
      times.filter((x) => x > end - days * DAY && x <= end).length;
    const ends = times.filter((x) => x >= t);
    const over =
      Math.max(...ends.filter((x) => x < t + 7 * DAY).map((x) => within(x, 7))) > q.cap7 ||
      Math.max(...ends.filter((x) => x < t + 30 * DAY).map((x) => within(x, 30))) > q.cap30;
    const collides = sent.some(
      (m) => m.Department !== q.department && Math.abs(stamp(m.SentAt!)! - t) <= q.collisionHours * HOUR,
    );
    const reason = !chosen
      ? "no_email"
      : !consented
        ? "no_valid_consent"
        : lastEmail?.Status === "bounced"
          ? "bounced"
          : over
            ? "over_cap"
            : collides
              ? "collision"
              : null;
    if (reason) {
      removed[reason]!++;
      continue;
    }
    rows.push({
      contact_id: chosen!.ContactId!,
      first_name: chosen!.FirstName!,
      last_name: chosen!.LastName!,
      email: chosen!.Email!,
      language: q.languages[chosen!.Country!] ?? q.defaultLanguage,
      programme: q.programme,
      intake: q.intake,
    });
  }
  rows.sort((a, b) => (a.contact_id! < b.contact_id! ? -1 : 1));
  return { rows, resolved: answer.length, removed };
}
