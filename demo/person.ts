/**
 * One person of the demo institution and everything that happened to them. A person is built, written
 * to every extract and dropped before the next one is built, so nothing here is kept for long.
 */
import type { IntakeCalendar } from "./catalog/intakes.ts";
import type { Country, Programme } from "./catalog/programmes.ts";
import type { School } from "./catalog/schools.ts";
import type { SwedishKind } from "./identity.ts";

export type PersonKind = "student" | "historic_alumnus" | "counsellor";

export interface Person {
  id: string;
  index: number;
  kind: PersonKind;
  country: Country;
  international: boolean;
  /** ISO 3166 alpha-2. */
  nationality: string;
  eu: boolean;
  female: boolean;
  first: string;
  /** Dutch tussenvoegsel ("van der"), empty elsewhere. */
  prefix: string;
  last: string;
  birth: number;
  /** Swedish personnummer or samordningsnummer (normalised) and the day from which the person has it. */
  swedish: { id: string; kind: Exclude<SwedishKind, "interim">; from: number } | null;
  /** Interim number issued by the institution's Ladok to an enrolled student without a Swedish number. */
  interim: string | null;
  bsn: string | null;
  email: string;
  altEmail: string;
  phone: string;
  school: School | null;
  gradeZ: number;
  /** SE meritvärde (0-22.5) or NL VO average (5.5-10); null for international applicants. */
  entryGrade: number | null;
  ability: number;
  intake: IntakeCalendar | null;
  programme: Programme | null;
  crm: CrmJourney | null;
  application: ApplicationJourney | null;
  study: StudyJourney | null;
  alumni: AlumniJourney | null;
  /** A check-in at an open day without registering. */
  walkIn: { session: EventSession; at: number } | null;
  mailings: Mailing[];
  consents: Consent[];
  relations: { type: "sibling" | "parent"; other: Person }[];
  /** For historic alumni: the degree they took before the simulated cycles. */
  pastDegree: {
    programme: Programme;
    date: number;
    inRecords: boolean;
    uid: string;
    studentNumber: string;
  } | null;
}

export type FormType =
  | "inquiry"
  | "catalogue_order_person"
  | "catalogue_order_school"
  | "newsletter_signup"
  | "project_interest"
  | "alumni_signup"
  | "scholarship_application"
  | "arrival_registration"
  | "housing_interest";

export type Channel = "web_form" | "catalogue" | "fair" | "newsletter" | "agent" | "social" | "search";

export interface FormSubmission {
  id: string;
  /** Which of the person's contacts the form landed on (a duplicate contact gets some). */
  contactId: string;
  type: FormType;
  at: number;
  channel: Channel;
  campaign: string;
  programme: string;
  schoolCode: string;
}

export interface EventSession {
  id: string;
  type: "open_day" | "trial_lecture";
  title: string;
  programme: string;
  cohort: string;
  startsAt: number;
  endsAt: number;
  location: string;
  capacity: number;
  confirmed: number;
}

export interface Registration {
  id: string;
  session: EventSession;
  at: number;
  status: "confirmed" | "cancelled" | "waitlisted";
  cancelledAt: number | null;
  checkedInAt: number | null;
}

export interface CrmJourney {
  contactId: string;
  createdAt: number;
  forms: FormSubmission[];
  registrations: Registration[];
  firstChannel: Channel | null;
  inquired: number | null;
  /** When the CRM learnt the personnummer (from the admissions integration), if it did. */
  idKnownFrom: number | null;
}

export type UrvalResult = "Antagen" | "Reserv" | "Ej behörig" | "Struken" | "";

export interface Choice {
  programme: Programme;
  priority: number;
  urval1: UrvalResult;
  reserve1: number | null;
  urval2: UrvalResult;
  reserve2: number | null;
}

export interface ApplicationJourney {
  applicantId: string;
  round: string;
  appliedAt: number;
  status: "Anmäld" | "Återtagen" | "Ej komplett";
  statusAt: number;
  choices: Choice[];
  selectionGroup: string;
  merit: string;
  admitted: Choice | null;
  admittedAt: number | null;
  /** When the selection outcome (admitted or not) was published; null when never evaluated. */
  decidedAt: number | null;
  reply: "Tackat ja" | "Återbud" | null;
  replyAt: number | null;
  feePaying: boolean;
  /** Accepted but not enrolled at census. */
  melt: "no_show" | "early_leave" | null;
  /** NL only */
  studielinkId: string;
  studentNumber: string;
  rank: number | null;
}

export interface CourseRecord {
  code: string;
  name: string;
  term: string;
  /** 1-4 within the academic year (NL blokken); SE terms have no periods. */
  period: number;
  credits: number;
  registeredAt: number;
  /** One or two attempts: a fail may be followed by a re-exam. */
  results: { grade: string; passed: boolean; at: number }[];
}

export interface StudyJourney {
  uid: string;
  startedAt: number;
  courses: CourseRecord[];
  leave: {
    type: "Tidigt avbrott" | "Sent avbrott" | "uitgeschreven" | "negatief BSA";
    at: number;
    term: string;
  } | null;
  degree: { at: number; credits: number } | null;
  propedeuse: number | null;
  firstYearRegistered: number;
  firstYearPassed: number;
  lastTermEnd: number;
}

export type EngagementType =
  | "event"
  | "guest_lecture"
  | "mentoring"
  | "internship_offer"
  | "donation"
  | "further_study";

export interface AlumniJourney {
  memberId: string;
  joinedAt: number;
  viaCrm: boolean;
  graduationYear: number;
  programme: Programme;
  employer: { company: string; sector: string; title: string } | null;
  engagements: { id: string; type: EngagementType; at: number; detail: string }[];
  linkedin: { slug: string; connectedAt: number; showsEmail: boolean } | null;
}

export interface Mailing {
  id: string;
  department: string;
  campaign: string;
  channel: "email" | "sms" | "post";
  at: number;
}

export interface Consent {
  id: string;
  contactId: string;
  purpose: "marketing" | "newsletter" | "alumni_relations" | "research";
  basis: "consent" | "legitimate_interest";
  sourceForm: string;
  sourceSubmission: string;
  givenAt: number;
  withdrawnAt: number | null;
  expiresAt: number | null;
  version: string;
}

export function fullLast(p: Pick<Person, "prefix" | "last">): string {
  return p.prefix ? `${p.prefix} ${p.last}` : p.last;
}
