import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { floorAnswers, floorSources } from "../../bench/floor.ts";
import { expandInputs } from "../../loaders/ingest.ts";
import { loadProfiles, matchProfile } from "../../loaders/profile.ts";
import { tempProject } from "../helpers/project.ts";

/** A Windows-1252 file as the demo's NyA and Ladok reports are written; "\u0096" becomes the byte 0x96 (–). */
function cp1252(path: string, lines: string[]) {
  writeFileSync(path, Buffer.from(`${lines.join("\r\n")}\r\n`, "latin1"));
}

/** A CRM export as the demo writes it: UTF-8 with a byte-order mark, CRLF; the first row is the header. */
function crmFile(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.join(",")).join("\r\n")}\r\n`;
}

const LADOK_PREAMBLE = ["Rapport: test", "Körd: 2025-10-01 06:15", "Urval: test"];

/**
 * The bench's floor on four hand-made applicants, answers worked out by hand:
 * - 9001011234 applies HT2024 SYSVK (1st) and EKOVK (2nd); admitted to SYSVK, accepts, registers HT2024;
 *   credits: 7.5 passed in the first year (a U does not count, 15 a year and a month later is past it).
 * - A2 has no personnummer (the applicant id stands in); applies HT2024 SYSVK, not admitted.
 * - 200001011234 (twelve digits, the same person as 0001011234) applied first, in February, to HT2024 SYSVK as
 *   2nd choice: that is the cohort; admitted, declines (Återbud); registers VT2025 on EKOVK, 30 credits.
 * - 8505051111 applies VT2025 EKOVK only, not admitted.
 * - In the CRM, P1 (linked by e-mail) and P3 (by personnummer) inquired for SYSVK in January; P1 registered for and
 *   came to HT2024's open day, P3 cancelled. P5 only inquired, in May, for EKOVK: after HT's 15 April deadline, so
 *   the VT2025 cohort, and walked in at VT2025's open day.
 */
describe("bench floor: the headline answers from one bare DuckDB script", () => {
  const project = tempProject("slm-floor-");
  afterAll(() => project.remove());
  const inbox = join(project.dir, "inbox");
  mkdirSync(inbox);
  const nyaHeader =
    "Antagningsomgång;Programkod;Programnamn;SökandeId;Personnummer;E-post;Prioritet;Antagningsbesked;Svar;Anmälningsdatum;Skolenhetskod";
  cp1252(join(inbox, "nya_antagning_2025-10-01.csv"), [
    nyaHeader,
    "HT2024;SYSVK;Systemvetenskap \u0096 kandidat;A1;19900101-1234;p1@x.se;1;Antagen;Tackat ja;2024-03-01;11111111",
    "HT2024;EKOVK;Ekonomi;A1;19900101-1234;p1@x.se;2;Ej antagen;;2024-03-01;11111111",
    "HT2024;SYSVK;Systemvetenskap \u0096 kandidat;A2;;a2@x.se;1;Ej antagen;;2024-03-05;11111111",
    "VT2025;EKOVK;Ekonomi;A3;200001011234;p3@x.se;1;Antagen;Tackat ja;2024-10-01;22222222",
    "HT2024;SYSVK;Systemvetenskap \u0096 kandidat;A3;20000101-1234;p3@x.se;2;Antagen;Återbud;2024-02-01;22222222",
    "VT2025;EKOVK;Ekonomi;A4;850505-1111;p4@x.se;1;Ej antagen;;2024-10-02;",
  ]);
  cp1252(join(inbox, "ladok_registreringar_2025-10-01.csv"), [
    ...LADOK_PREAMBLE,
    "Ladok-UID;Personnummer;Programkod;Kurskod;Termin;Registreringsdatum;Registreringstyp",
    "u1;19900101-1234;SYSVK;K1;HT2024;2024-09-02;Förstagångsregistrering",
    "u1;19900101-1234;SYSVK;K2;VT2025;2025-01-20;Fortsättningsregistrering",
    "u3;200001011234;EKOVK;K9;VT2025;2025-01-20;Förstagångsregistrering",
  ]);
  cp1252(join(inbox, "ladok_resultat_2025-10-01.csv"), [
    ...LADOK_PREAMBLE,
    "Ladok-UID;Personnummer;Kurskod;Termin;Betyg;Hp;Examinationsdatum",
    "u1;19900101-1234;K1;HT2024;G;7,5;2024-10-01",
    "u1;19900101-1234;K1;HT2024;U;7,5;2024-11-01",
    "u1;19900101-1234;K2;HT2025;VG;15;2025-10-01",
    "u3;200001011234;K9;VT2025;G;30;2025-06-01",
  ]);

  // CRM: P1 is linked by e-mail (other case), P3 by personnummer; P5 only inquired (in May: VT2025's cycle)
  writeFileSync(
    join(inbox, "crm_contacts_2025-10-01.csv"),
    crmFile([
      [
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
      ],
      [
        "C1",
        "A",
        "B",
        "P1@x.se",
        "",
        "",
        "",
        "SE",
        "",
        "SYSVK",
        "web",
        "2024-01-10 10:00:00",
        "2024-01-10 10:00:00",
      ],
      [
        "C3",
        "C",
        "D",
        "other3@x.se",
        "",
        "",
        "20000101-1234",
        "SE",
        "",
        "SYSVK",
        "web",
        "2024-01-15 10:00:00",
        "2024-01-15 10:00:00",
      ],
      [
        "C5",
        "E",
        "F",
        "p5@x.se",
        "",
        "",
        "",
        "SE",
        "",
        "EKOVK",
        "web",
        "2024-05-01 10:00:00",
        "2024-05-01 10:00:00",
      ],
    ]),
  );
  writeFileSync(
    join(inbox, "crm_form_submissions_2025-10-01.csv"),
    crmFile([
      [
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
      ],
      ["S1", "C1", "inquiry", "2024-01-10 10:00:00", "web", "", "SYSVK", "A", "B", "P1@x.se", "", "SE", ""],
      [
        "S3",
        "C3",
        "inquiry",
        "2024-01-15 10:00:00",
        "web",
        "",
        "SYSVK",
        "C",
        "D",
        "other3@x.se",
        "",
        "SE",
        "",
      ],
      ["S5", "C5", "inquiry", "2024-05-01 10:00:00", "fair", "", "EKOVK", "E", "F", "p5@x.se", "", "SE", ""],
      [
        "S6",
        "C5",
        "newsletter_signup",
        "2024-04-01 10:00:00",
        "web",
        "",
        "SYSVK",
        "E",
        "F",
        "p5@x.se",
        "",
        "SE",
        "",
      ],
    ]),
  );
  writeFileSync(
    join(inbox, "crm_event_sessions_2025-10-01.csv"),
    crmFile([
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
      [
        "OD-HT2024",
        "open_day",
        "Öppet hus",
        "",
        "HT2024",
        "2024-02-10 10:00:00",
        "2024-02-10 15:00:00",
        "Aula",
        "50",
      ],
      [
        "OD-VT2025",
        "open_day",
        "Öppet hus",
        "",
        "VT2025",
        "2024-09-10 10:00:00",
        "2024-09-10 15:00:00",
        "Aula",
        "50",
      ],
    ]),
  );
  writeFileSync(
    join(inbox, "crm_event_registrations_2025-10-01.csv"),
    crmFile([
      ["RegistrationId", "SessionId", "ContactId", "RegisteredAt", "Status", "CancelledAt"],
      ["R1", "OD-HT2024", "C1", "2024-01-20 10:00:00", "confirmed", ""],
      ["R3", "OD-HT2024", "C3", "2024-01-20 10:00:00", "cancelled", "2024-02-01 10:00:00"],
    ]),
  );
  writeFileSync(
    join(inbox, "event_checkins_2025-10-01.csv"),
    [
      "CheckinId,SessionId,CheckedInAt,FirstName,LastName,Email,Ticket,WalkIn",
      "K1,OD-HT2024,2024-02-10 10:05:00,A,B,p1@x.se,R1,no",
      "K5,OD-VT2025,2024-09-10 10:05:00,E,F,p5@x.se,,yes",
      "",
    ].join("\n"),
  );

  it("counts each person once, in the cohort of their first application's choice, and means first-year credits", async () => {
    const profiles = await loadProfiles();
    const files = expandInputs([inbox]).map((path) => ({ path, profile: matchProfile(profiles, path)! }));
    const sources = await floorSources(files);
    // the NyA file uses 0x96, which DuckDB's latin-1 reader refuses: it is read from a UTF-8 copy
    expect(sources.find((source) => source.view === "nya")).toMatchObject({
      encoding: "utf-8",
      transcoded: true,
    });
    const answers = await floorAnswers(sources);
    expect(answers.funnel).toEqual([
      {
        intake: "HT2024",
        programme_code: "SYSVK",
        inquired: 2,
        open_day_registered: 1,
        open_day_attended: 1,
        applied: 3,
        admitted: 2,
        accepted: 1,
        enrolled: 1,
      },
      {
        intake: "VT2025",
        programme_code: "EKOVK",
        inquired: 1,
        open_day_registered: 0,
        open_day_attended: 1,
        applied: 1,
        admitted: 0,
        accepted: 0,
        enrolled: 0,
      },
    ]);
    expect(answers.schools).toEqual([
      { school_code: "11111111", students: 1, mean_credits: 7.5 },
      { school_code: "22222222", students: 1, mean_credits: 30 },
    ]);
  });

  it("names the extract it is missing", async () => {
    const profiles = await loadProfiles();
    const nya = expandInputs([inbox])
      .filter((path) => path.includes("nya_"))
      .map((path) => ({ path, profile: matchProfile(profiles, path)! }));
    await expect(floorSources(nya)).rejects.toThrow(/demo-ladok-registrations/);
  });
});
