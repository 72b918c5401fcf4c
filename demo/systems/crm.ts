/**
 * The CRM's exports: contacts, form submissions, event sessions and registrations, mailings, consents
 * and family relations. UTF-8 with BOM, comma, CRLF, English PascalCase headers, as CRM tools export.
 */
import { isoDate, isoDateTime, SECONDS_PER_DAY } from "../calendar.ts";
import type { Context } from "../context.ts";
import { DIRT_SHARES, typo } from "../dirt.ts";
import type { Person } from "../person.ts";
import { fullLast } from "../person.ts";
import type { Built } from "../population.ts";
import type { Table, Tables } from "../table.ts";
import { CRM_CSV, personRng, writeSwedishId } from "./format.ts";

export const FORM_SUBMISSION_HEADER = [
  "SubmissionId",
  "ContactId",
  "FormType",
  "SubmittedAt",
  "Channel",
  "Campaign",
  "ProgrammeCode",
  "FirstName",
  "LastName",
  "Email",
  "Phone",
  "Country",
  "SchoolCode",
] as const;

const SALT_CONTACT = 101;
const SALT_DELIVERY = 107;
/** Share of messages the mail server or post returns, by channel. */
const BOUNCE_RATE: Record<string, number> = { email: 0.03, sms: 0.01, post: 0.005 };

/** The columns of the CRM's contacts export, as the demo writes them. */
export const CONTACT_HEADER = [
  "ContactId",
  "FirstName",
  "LastName",
  "Email",
  "Phone",
  "BirthDate",
  "PersonalNumber",
  "Country",
  "SchoolCode",
  "ProgrammeInterest",
  "LeadSource",
  "CreatedAt",
  "ModifiedAt",
];

export class CrmSystem {
  private readonly contacts: Table;
  private readonly forms: Table;
  private readonly sessions: Table;
  private readonly registrations: Table;
  private readonly mailings: Table;
  private readonly consents: Table;
  private readonly relations: Table;
  private readonly end: number;

  constructor(
    private readonly ctx: Context,
    tables: Tables,
  ) {
    const date = isoDate(ctx.extractDay);
    this.end = ctx.extractDay * SECONDS_PER_DAY;
    const crm = (
      kind: string,
      header: readonly string[],
      extra: Partial<Parameters<Tables["create"]>[0]> = {},
    ) =>
      tables.create({
        kind,
        file: `${kind}_${date}.csv`,
        format: CRM_CSV,
        header,
        structural: true,
        ...extra,
      });
    this.contacts = crm("crm_contacts", CONTACT_HEADER, {
      names: { first: "FirstName", last: "LastName", email: "Email" },
      dates: ["BirthDate", "CreatedAt"],
      id: "PersonalNumber",
    });
    this.forms = crm("crm_form_submissions", FORM_SUBMISSION_HEADER, {
      names: { first: "FirstName", last: "LastName", email: "Email" },
      dates: ["SubmittedAt"],
    });
    this.sessions = crm(
      "crm_event_sessions",
      [
        "SessionId",
        "EventType",
        "Title",
        "ProgrammeCode",
        "Cohort",
        "StartsAt",
        "EndsAt",
        "Location",
        "Capacity",
      ],
      {
        structural: false,
      },
    );
    this.registrations = crm(
      "crm_event_registrations",
      ["RegistrationId", "SessionId", "ContactId", "RegisteredAt", "Status", "CancelledAt"],
      {
        dates: ["RegisteredAt"],
      },
    );
    this.mailings = crm(
      "crm_mailings",
      ["MailingId", "ContactId", "Department", "Campaign", "Channel", "SentAt", "Status"],
      { dates: ["SentAt"] },
    );
    this.consents = crm(
      "crm_consents",
      [
        "ConsentId",
        "ContactId",
        "Purpose",
        "LegalBasis",
        "SourceForm",
        "SourceSubmissionId",
        "GivenAt",
        "WithdrawnAt",
        "ExpiresAt",
        "TextVersion",
      ],
      { dates: ["GivenAt"] },
    );
    this.relations = crm("crm_relations", [
      "RelationId",
      "ContactId",
      "RelatedContactId",
      "RelationType",
      "CreatedAt",
    ]);
  }

  write({ person: p }: Built): void {
    const crm = p.crm;
    if (!crm || crm.createdAt >= this.end) return;
    const ctx = this.ctx;
    const rng = personRng(ctx.options.seed, p, SALT_CONTACT);
    const forms = crm.forms.filter((f) => f.at < this.end).sort((a, b) => a.at - b.at);

    // Some people end up as two contacts: a later form typed with another e-mail or a slip of the name.
    let duplicate: string | null = null;
    if (forms.length >= 2 && rng.chance(ctx.options.dirtRate * DIRT_SHARES.duplicateContact)) {
      duplicate = ctx.ids.contactId();
      const from = rng.int(1, forms.length - 1);
      for (let i = from; i < forms.length; i++) forms[i] = { ...forms[i]!, contactId: duplicate };
    }
    const country = p.international ? p.nationality : p.country.toUpperCase();
    const school = p.school ? p.school.code + p.school.branch : "";
    const birth = rng.chance(0.4) ? isoDate(p.birth) : "";
    const pnr =
      p.swedish && crm.idKnownFrom !== null && crm.idKnownFrom < this.end
        ? writeSwedishId(p.swedish.id, rng.pick(["10-", "10-", "12", "12-", "10"] as const), ctx.extractDay)
        : "";
    const last = fullLast(p);
    const modified = forms.length > 0 ? forms[forms.length - 1]!.at : crm.createdAt;
    const lead = forms[0]?.channel ?? "";
    const programme = p.programme && p.kind === "student" ? p.programme.code : "";
    this.contacts.write(
      [
        crm.contactId,
        p.first,
        last,
        p.email,
        rng.chance(0.7) ? p.phone : "",
        birth,
        pnr,
        country,
        school,
        programme,
        lead,
        isoDateTime(crm.createdAt),
        isoDateTime(modified),
      ],
      crm.contactId,
      p,
    );
    if (duplicate) {
      const firstDup = forms.find((f) => f.contactId === duplicate)!;
      const typoName = rng.chance(0.4);
      this.contacts.write(
        [
          duplicate,
          typoName ? typo(rng, p.first) : p.first,
          last,
          typoName ? p.email : p.altEmail,
          "",
          "",
          "",
          country,
          school,
          programme,
          firstDup.channel,
          isoDateTime(firstDup.at),
          isoDateTime(firstDup.at),
        ],
        duplicate,
        p,
        ["duplicate_contact"],
      );
    }

    for (const f of forms) {
      const dup = f.contactId === duplicate;
      this.forms.write(
        [
          f.id,
          f.contactId,
          f.type,
          isoDateTime(f.at),
          f.channel,
          f.campaign,
          f.programme,
          p.first,
          last,
          dup ? p.altEmail : p.email,
          rng.chance(0.5) ? p.phone : "",
          country,
          f.type === "catalogue_order_school" || rng.chance(0.5) ? f.schoolCode : "",
        ],
        f.id,
        p,
      );
    }
    for (const r of crm.registrations) {
      if (r.at >= this.end) continue;
      const cancelled = r.status === "cancelled" && r.cancelledAt !== null && r.cancelledAt < this.end;
      const status = r.status === "cancelled" && !cancelled ? "confirmed" : r.status;
      this.registrations.write(
        [
          r.id,
          r.session.id,
          crm.contactId,
          isoDateTime(r.at),
          status,
          cancelled ? isoDateTime(r.cancelledAt!) : "",
        ],
        r.id,
        p,
      );
    }
    // A stream of its own, so the delivery outcome leaves every other draw (and file) as it was.
    const delivery = personRng(ctx.options.seed, p, SALT_DELIVERY);
    for (const m of p.mailings) {
      if (m.at >= this.end) continue;
      const bounced = delivery.chance(BOUNCE_RATE[m.channel] ?? 0.01);
      this.mailings.write(
        [
          m.id,
          crm.contactId,
          m.department,
          m.campaign,
          m.channel,
          isoDateTime(m.at),
          bounced ? "bounced" : "delivered",
        ],
        m.id,
        p,
      );
    }
    for (const c of p.consents) {
      if (c.givenAt >= this.end) continue;
      const withdrawn = c.withdrawnAt !== null && c.withdrawnAt < this.end ? isoDateTime(c.withdrawnAt) : "";
      this.consents.write(
        [
          c.id,
          c.contactId,
          c.purpose,
          c.basis,
          c.sourceForm,
          c.sourceSubmission,
          isoDateTime(c.givenAt),
          withdrawn,
          c.expiresAt === null ? "" : isoDateTime(c.expiresAt),
          c.version,
        ],
        c.id,
        p,
      );
    }
    for (const rel of p.relations) this.relation(p, rel.other, rel.type);
  }

  private relation(p: Person, other: Person, type: "sibling" | "parent"): void {
    const a = p.crm;
    const b = other.crm;
    if (!a || !b || b.createdAt >= this.end) return;
    const id = `F${String(this.ctx.next("relation")).padStart(7, "0")}`;
    this.relations.write(
      [id, a.contactId, b.contactId, type, isoDateTime(Math.max(a.createdAt, b.createdAt))],
      id,
      p,
    );
  }

  /** Sessions are known only once every person has registered; written last. */
  finish(): void {
    for (const s of this.ctx.sessions.all()) {
      this.sessions.write(
        [
          s.id,
          s.type,
          s.title,
          s.programme,
          s.cohort,
          isoDateTime(s.startsAt),
          isoDateTime(s.endsAt),
          s.location,
          String(s.capacity),
        ],
        s.id,
        null,
      );
    }
  }
}
