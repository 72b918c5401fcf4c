import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A person found nowhere else in the fixture: erasure must leave it in no table, file or byte. */
export const MARKER = "Qvorzlemarkyx";
export const ERASED_EMAIL = "qvorzle.erased@example.org";

const BOM = "\uFEFF";
const csv = (header: string, rows: string[]) => `${BOM}${[header, ...rows].join("\r\n")}\r\n`;

export const CONTACTS = csv(
  "ContactId,FirstName,LastName,Email,Phone,BirthDate,PersonalNumber,Country,SchoolCode,ProgrammeInterest,LeadSource,CreatedAt,ModifiedAt",
  [
    `C1,${MARKER},Lind,${ERASED_EMAIL},0701234567,1990-01-01,9001011239,SE,,SYSVK,web,2024-01-05 10:00:00,2025-03-01 10:00:00`,
    "C2,Bo,Berg,bo.berg@example.org,,1988-02-02,8802022346,SE,,SYSVK,fair,2024-02-01 10:00:00,2025-06-01 10:00:00",
    "C3,Cai,Ceder,cai.ceder@example.org,,1995-03-03,9503033459,SE,,DVK,web,2024-03-01 10:00:00,2026-09-01 10:00:00",
  ],
);

export const FORMS = csv(
  "SubmissionId,ContactId,FormType,SubmittedAt,Channel,Campaign,ProgrammeCode,FirstName,LastName,Email,Phone,Country,SchoolCode",
  [
    `S1,C1,inquiry,2024-01-05 10:00:00,web_form,spring24,SYSVK,${MARKER},Lind,${ERASED_EMAIL},,SE,`,
    // a bad date: quarantined with its raw line, which holds the marker
    `S2,C1,newsletter_signup,05/01/2024,newsletter,,SYSVK,${MARKER},Lind,${ERASED_EMAIL},,SE,`,
    "S3,C2,inquiry,2024-02-01 10:00:00,web_form,spring24,SYSVK,Bo,Berg,bo.berg@example.org,,SE,",
    "S4,C3,inquiry,2026-03-01 10:00:00,web_form,spring26,DVK,Cai,Ceder,cai.ceder@example.org,,SE,",
  ],
);

export const MAILINGS = csv("MailingId,ContactId,Department,Campaign,Channel,SentAt", [
  "M1,C1,Admissions Office,AO-2024-02,email,2024-02-03 09:00:00",
  "M2,C2,Admissions Office,AO-2024-02,email,2024-02-03 09:00:00",
  "M3,C3,Admissions Office,AO-2026-10,email,2026-10-03 09:00:00",
  "M4,C2,Faculty of Technology,FoT-2026-10,email,2026-10-04 09:00:00",
]);

export const CONSENTS = csv(
  "ConsentId,ContactId,Purpose,LegalBasis,SourceForm,SourceSubmissionId,GivenAt,WithdrawnAt,ExpiresAt,TextVersion",
  [
    "K1,C1,marketing,consent,inquiry,S1,2024-01-05 10:00:00,,2026-01-05 10:00:00,v2022-01",
    "K2,C2,marketing,consent,inquiry,S3,2024-02-01 10:00:00,2024-06-01 10:00:00,,v2022-01",
    "K3,C3,marketing,consent,inquiry,S4,2026-03-01 10:00:00,,2028-03-01 10:00:00,v2024-09",
  ],
);

/** Writes the extracts to <dir>/data/inbox and an empty config (defaults), returns the inbox. */
export function writeInbox(dir: string, config: unknown = {}): string {
  const inbox = join(dir, "data", "inbox");
  mkdirSync(inbox, { recursive: true });
  writeFileSync(join(dir, "slm.config.json"), `${JSON.stringify(config)}\n`);
  writeFileSync(join(inbox, "crm_contacts_2026-10-31.csv"), CONTACTS);
  writeFileSync(join(inbox, "crm_form_submissions_2026-10-31.csv"), FORMS);
  writeFileSync(join(inbox, "crm_mailings_2026-10-31.csv"), MAILINGS);
  writeFileSync(join(inbox, "crm_consents_2026-10-31.csv"), CONSENTS);
  return inbox;
}
