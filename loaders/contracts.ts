import { admissionChoices } from "./admissions/choices.contract.ts";
import { nyaApplications } from "./admissions/nya.contract.ts";
import { studielinkEnrolmentRequests } from "./admissions/studielink.contract.ts";
import { alumniEngagements } from "./alumni/engagements.contract.ts";
import { linkedinConnections } from "./alumni/linkedin-connections.contract.ts";
import { alumniMembers } from "./alumni/members.contract.ts";
import { programmeCatalogue } from "./catalogue/programmes.contract.ts";
import { schoolCatalogue } from "./catalogue/schools.contract.ts";
import { type Contract, contractKey } from "./contract.ts";
import { checkinCheckins } from "./crm/checkins.contract.ts";
import { crmConsents } from "./crm/consents.contract.ts";
import { crmContacts } from "./crm/contacts.contract.ts";
import { crmEventRegistrations } from "./crm/event-registrations.contract.ts";
import { crmEventSessions } from "./crm/event-sessions.contract.ts";
import { crmFormSubmissions } from "./crm/form-submissions.contract.ts";
import { crmMailings } from "./crm/mailings.contract.ts";
import { crmRelations } from "./crm/relations.contract.ts";
import { programmeCounts } from "./external/programme-counts.contract.ts";
import { personAttributes } from "./persons/attributes.contract.ts";
import { assessmentResults } from "./records/assessment-results.contract.ts";
import { courseRegistrations } from "./records/course-registrations.contract.ts";
import { ladokDegrees } from "./records/ladok-degrees.contract.ts";
import { ladokRegistrations } from "./records/ladok-registrations.contract.ts";
import { ladokResults } from "./records/ladok-results.contract.ts";
import { ladokStudents } from "./records/ladok-students.contract.ts";
import { ladokStudyBreaks } from "./records/ladok-study-breaks.contract.ts";
import { osirisDiplomas } from "./records/osiris-diplomas.contract.ts";
import { osirisResults } from "./records/osiris-results.contract.ts";
import { studentOutcomes } from "./records/student-outcomes.contract.ts";

/** Every extract contract the warehouse knows, by "source.entity". */
export const CONTRACTS: ReadonlyMap<string, Contract> = new Map(
  [
    crmFormSubmissions,
    studentOutcomes,
    courseRegistrations,
    programmeCounts,
    assessmentResults,
    // Any institution's admissions exports and catalogues, through profiles alone.
    admissionChoices,
    personAttributes,
    programmeCatalogue,
    schoolCatalogue,
    // The demo institution's sources (and any institution exporting from the same systems).
    crmContacts,
    crmEventSessions,
    crmEventRegistrations,
    checkinCheckins,
    crmMailings,
    crmConsents,
    crmRelations,
    nyaApplications,
    studielinkEnrolmentRequests,
    ladokStudents,
    ladokRegistrations,
    ladokResults,
    ladokStudyBreaks,
    ladokDegrees,
    osirisResults,
    osirisDiplomas,
    alumniMembers,
    alumniEngagements,
    linkedinConnections,
  ]
    .map((contract) => contract as unknown as Contract)
    .map((contract) => [contractKey(contract), contract]),
);

export function getContract(key: string): Contract {
  const contract = CONTRACTS.get(key);
  if (!contract) {
    throw new Error(`unknown contract "${key}"; known: ${[...CONTRACTS.keys()].join(", ")}`);
  }
  return contract;
}
