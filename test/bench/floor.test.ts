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

const LADOK_PREAMBLE = ["Rapport: test", "Körd: 2025-10-01 06:15", "Urval: test"];

/**
 * The bench's floor on four hand-made applicants, answers worked out by hand:
 * - 9001011234 applies HT2024 SYSVK (1st) and EKOVK (2nd); admitted to SYSVK, accepts, registers HT2024;
 *   credits: 7.5 passed in the first year (a U does not count, 15 a year and a month later is past it).
 * - A2 has no personnummer (the applicant id stands in); applies HT2024 SYSVK, not admitted.
 * - 200001011234 (twelve digits, the same person as 0001011234) applied first, in February, to HT2024 SYSVK as
 *   2nd choice: that is the cohort; admitted, declines (Återbud); registers VT2025 on EKOVK, 30 credits.
 * - 8505051111 applies VT2025 EKOVK only, not admitted.
 */
describe("bench floor: the headline answers from one bare DuckDB script", () => {
  const project = tempProject("slm-floor-");
  afterAll(() => project.remove());
  const inbox = join(project.dir, "inbox");
  mkdirSync(inbox);
  const nyaHeader =
    "Antagningsomgång;Programkod;Programnamn;SökandeId;Personnummer;Prioritet;Antagningsbesked;Svar;Anmälningsdatum;Skolenhetskod";
  cp1252(join(inbox, "nya_antagning_2025-10-01.csv"), [
    nyaHeader,
    "HT2024;SYSVK;Systemvetenskap \u0096 kandidat;A1;19900101-1234;1;Antagen;Tackat ja;2024-03-01;11111111",
    "HT2024;EKOVK;Ekonomi;A1;19900101-1234;2;Ej antagen;;2024-03-01;11111111",
    "HT2024;SYSVK;Systemvetenskap \u0096 kandidat;A2;;1;Ej antagen;;2024-03-05;11111111",
    "VT2025;EKOVK;Ekonomi;A3;200001011234;1;Antagen;Tackat ja;2024-10-01;22222222",
    "HT2024;SYSVK;Systemvetenskap \u0096 kandidat;A3;20000101-1234;2;Antagen;Återbud;2024-02-01;22222222",
    "VT2025;EKOVK;Ekonomi;A4;850505-1111;1;Ej antagen;;2024-10-02;",
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
      { intake: "HT2024", programme_code: "SYSVK", applied: 3, admitted: 2, accepted: 1, enrolled: 1 },
      { intake: "VT2025", programme_code: "EKOVK", applied: 1, admitted: 0, accepted: 0, enrolled: 0 },
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
