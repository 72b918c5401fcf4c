import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRAMMES } from "../../demo/catalog/programmes.ts";
import { generateDemo } from "../../demo/generate.ts";
import { foldToWindows1252 } from "../../demo/writers/fold.ts";
import { formatSwedishId, makeBsn, makeSwedishId } from "../../identifiers/index.ts";
import type { IngestResult } from "../../loaders/ingest.ts";
import { ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { QUARANTINE_WITH_LINES } from "../../loaders/quarantine-store.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { readExtract } from "../demo/helpers.ts";
import { slm, tempProject } from "../helpers/project.ts";
import { LoaderBench } from "./harness.ts";

/** Each demo extract kind (its file name without the date) -> the built-in profile and raw table it loads into. */
const EXPECTED: Record<string, { profile: string; table: string }> = {
  crm_contacts: { profile: "demo-crm-contacts", table: "raw.crm__contacts" },
  crm_form_submissions: { profile: "demo-crm-form-submissions", table: "raw.crm__form_submissions" },
  crm_event_sessions: { profile: "demo-crm-event-sessions", table: "raw.crm__event_sessions" },
  crm_event_registrations: {
    profile: "demo-crm-event-registrations",
    table: "raw.crm__event_registrations",
  },
  crm_mailings: { profile: "demo-crm-mailings", table: "raw.crm__mailings" },
  crm_consents: { profile: "demo-crm-consents", table: "raw.crm__consents" },
  crm_relations: { profile: "demo-crm-relations", table: "raw.crm__relations" },
  event_checkins: { profile: "demo-checkin-checkins", table: "raw.checkin__checkins" },
  nya_antagning: { profile: "demo-nya-applications", table: "raw.nya__applications" },
  ladok_studenter: { profile: "demo-ladok-students", table: "raw.ladok__students" },
  ladok_registreringar: { profile: "demo-ladok-registrations", table: "raw.ladok__registrations" },
  ladok_resultat: { profile: "demo-ladok-results", table: "raw.ladok__results" },
  ladok_avbrott: { profile: "demo-ladok-study-breaks", table: "raw.ladok__study_breaks" },
  ladok_examen: { profile: "demo-ladok-degrees", table: "raw.ladok__degrees" },
  studielink_vti: {
    profile: "demo-studielink-enrolment-requests",
    table: "raw.studielink__enrolment_requests",
  },
  osiris_resultaten: { profile: "demo-osiris-results", table: "raw.osiris__results" },
  osiris_diplomas: { profile: "demo-osiris-diplomas", table: "raw.osiris__diplomas" },
  alumni_members: { profile: "demo-alumni-members", table: "raw.alumni__members" },
  alumni_engagements: { profile: "demo-alumni-engagements", table: "raw.alumni__engagements" },
  linkedin_connections: { profile: "demo-linkedin-connections", table: "raw.linkedin__connections" },
  programme_catalogue: { profile: "demo-catalogue-programmes", table: "raw.catalogue__programmes" },
};

/** Planted dirt a loader must refuse, and the quarantine reasons that say so. */
const REFUSED_DIRT: Record<string, RegExp> = {
  wrong_column_count: /^malformed_line:(missing_columns|too_many_columns)$/,
  bad_date: /^bad_(date|timestamp)$/,
  invalid_id: /^invalid_national_id:bad_checksum$/,
  totals_row: /^totals_row$/,
};

const kindOf = (file: string) => file.replace(/_\d{4}-\d{2}-\d{2}\.(csv|xlsx)$/, "");

/**
 * The whole demo inbox (both countries) through `slm ingest` with no argument: every file must find
 * its built-in profile, load with rows read = loaded + quarantined, and quarantine exactly the
 * planted structural dirt (truth/records.csv), nothing else.
 */
describe("the demo inbox through the built-in profiles", () => {
  let project: ReturnType<typeof tempProject>;
  let warehouse: Warehouse;
  let inbox: string;
  let truth: string;
  let first: IngestResult[];
  let second: IngestResult[];

  beforeAll(async () => {
    project = tempProject("slm-demo-sources-");
    inbox = join(project.dir, "data", "inbox");
    truth = join(project.dir, "data", "truth");
    await generateDemo({ persons: 1500, country: "both", out: inbox, truthOut: truth });
    const run = () => {
      const result = slm(project.dir, ["ingest", "--json"]);
      if (result.code !== 0) throw new Error(`slm ingest failed (${result.code}): ${result.stderr}`);
      return JSON.parse(result.stdout) as IngestResult[];
    };
    first = run();
    second = run();
    warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"), { readOnly: true });
    await warehouse.run(
      `CREATE TEMP TABLE truth_records AS
       SELECT file, line::BIGINT AS line, kind, record_key, person_id, coalesce(dirt, '') AS dirt
         FROM read_csv($1, header = true, all_varchar = true)`,
      [join(truth, "records.csv")],
    );
    await warehouse.run(
      "CREATE TEMP TABLE truth_persons AS SELECT * FROM read_csv($1, header = true, all_varchar = true)",
      [join(truth, "persons.csv")],
    );
  });
  afterAll(() => {
    warehouse?.close();
    project?.remove();
  });

  it("loads every file of the inbox with the profile made for it", () => {
    const files = readdirSync(inbox).sort();
    expect(files).toHaveLength(22);
    expect(first.map((r) => r.file).sort()).toEqual(files);
    for (const result of first) {
      const expected = EXPECTED[kindOf(result.file)];
      expect(expected, result.file).toBeDefined();
      expect({ file: result.file, status: result.status, profile: result.profile }).toEqual({
        file: result.file,
        status: "loaded",
        profile: expected!.profile,
      });
      expect(`raw.${result.source}__${result.entity}`).toBe(expected!.table);
      expect(result.warnings, result.file).toEqual([]);
    }
    // The two Ladok student extracts (March and October) share one profile.
    expect(first.filter((r) => r.profile === "demo-ladok-students")).toHaveLength(2);
  });

  it("reads every record of every file: rows read = loaded + quarantined = the truth's rows, raw holds the loaded", async () => {
    const rows = await warehouse.all<{
      file_name: string;
      raw_table: string;
      rows_read: number;
      rows_loaded: number;
      rows_quarantined: number;
      quarantined: number;
      truth_rows: number;
    }>(
      `SELECT m.file_name, m.raw_table, m.rows_read::INTEGER AS rows_read, m.rows_loaded::INTEGER AS rows_loaded,
              m.rows_quarantined::INTEGER AS rows_quarantined,
              (SELECT count(*) FROM meta.quarantine q WHERE q.file_id = m.file_id)::INTEGER AS quarantined,
              (SELECT count(*) FROM truth_records t WHERE t.file = m.file_name)::INTEGER AS truth_rows
         FROM meta.load_manifest m ORDER BY m.file_name`,
    );
    expect(rows).toHaveLength(22);
    for (const row of rows) {
      expect(row.rows_read, row.file_name).toBe(row.rows_loaded + row.rows_quarantined);
      expect(row.quarantined, row.file_name).toBe(row.rows_quarantined);
      // the programme catalogue describes the institution, not persons: no truth rows, one row per programme
      const catalogue = row.file_name.startsWith("programme_catalogue_");
      expect(row.rows_read, row.file_name).toBe(catalogue ? PROGRAMMES.length : row.truth_rows);
      const [schema, table] = row.raw_table.split(".");
      const raw = await warehouse.scalar<number>(
        `SELECT count(*)::INTEGER FROM "${schema}"."${table}" WHERE _file_id = (SELECT file_id FROM meta.load_manifest WHERE file_name = $1)`,
        [row.file_name],
      );
      expect(raw, row.file_name).toBe(row.rows_loaded);
    }
    const result = first.find((r) => r.file.startsWith("crm_mailings_"))!;
    expect(result.rowsLoaded).toBeGreaterThan(5000);
  });

  it("quarantines exactly the planted malformed lines, totals rows, bad dates and invalid IDs, each for its reason", async () => {
    const planted = await warehouse.all<{ file: string; line: number; dirt: string }>(
      `SELECT file, line::INTEGER AS line, regexp_extract(dirt, $1) AS dirt FROM truth_records
        WHERE regexp_matches(dirt, $1) ORDER BY file, line`,
      [Object.keys(REFUSED_DIRT).join("|")],
    );
    const quarantined = await warehouse.all<{
      file_name: string;
      line: number;
      reason: string;
      column_name: string | null;
      value: string | null;
    }>(
      `SELECT file_name, line::INTEGER AS line, reason, column_name, value FROM ${QUARANTINE_WITH_LINES} ORDER BY 1, 2`,
    );
    expect(quarantined.map((q) => `${q.file_name}:${q.line}`)).toEqual(
      planted.map((p) => `${p.file}:${p.line}`),
    );
    for (const [i, q] of quarantined.entries()) {
      expect(q.reason, `${q.file_name}:${q.line} (${planted[i]!.dirt})`).toMatch(
        REFUSED_DIRT[planted[i]!.dirt]!,
      );
    }
    // Every kind of dirt was planted and found, in the counts the truth summary states.
    const summary = JSON.parse(readFileSync(join(truth, "summary.json"), "utf8")) as {
      dirtyRows: Record<string, Record<string, number>>;
    };
    for (const dirt of Object.keys(REFUSED_DIRT)) {
      const expected = Object.values(summary.dirtyRows).reduce((sum, tags) => sum + (tags[dirt] ?? 0), 0);
      expect(planted.filter((p) => p.dirt === dirt).length, dirt).toBe(expected);
      expect(expected, dirt).toBeGreaterThan(0);
    }
    // An invalid personnummer is named like any other bad value: file, line, column and value.
    const invalid = quarantined.filter((q) => q.reason.startsWith("invalid_national_id:"));
    for (const q of invalid) {
      expect(["Personnummer", "PersonalNumber", "BSN"]).toContain(q.column_name);
      expect(q.value).toMatch(/^[\dTRSU-]{9,13}$/);
    }
  });

  it("keeps an empty personnummer or BSN as no number, not an invalid one", async () => {
    const counts = await warehouse.one<{ nya: number; studielink: number; alumni: number }>(
      `SELECT (SELECT count(*) FROM raw.nya__applications WHERE personal_number IS NULL)::INTEGER AS nya,
              (SELECT count(*) FROM raw.studielink__enrolment_requests WHERE bsn IS NULL)::INTEGER AS studielink,
              (SELECT count(*) FROM raw.alumni__members WHERE national_id IS NULL)::INTEGER AS alumni`,
    );
    expect(counts!.nya).toBeGreaterThan(0);
    expect(counts!.studielink).toBeGreaterThan(0);
    expect(counts!.alumni).toBeGreaterThan(0);
    // Interim numbers are valid with the institution as issuer (config default "DEMO").
    const interim = await warehouse.scalar<number>(
      "SELECT count(*)::INTEGER FROM raw.ladok__students WHERE regexp_matches(personal_number, '[TRSU]')",
    );
    expect(interim).toBeGreaterThan(0);
  });

  it("keeps Swedish letters through Windows-1252: names in raw equal the truth's", async () => {
    const checks = [
      { table: "raw.nya__applications", key: "applicant_id || ':' || application_code" },
      { table: "raw.ladok__students", key: "ladok_uid" },
      { table: "raw.ladok__degrees", key: "ladok_uid || ':' || degree_code" },
    ];
    for (const { table, key } of checks) {
      const rows = await warehouse.all<{ first_name: string; last_name: string; pf: string; pl: string }>(
        `SELECT r.first_name, r.last_name, p.first_name AS pf, p.last_name AS pl
           FROM ${table} r
           JOIN meta.load_manifest m ON m.file_id = r._file_id
           JOIN truth_records t ON t.file = m.file_name AND t.record_key = ${key} AND t.dirt = ''
           JOIN truth_persons p ON p.person_id = t.person_id
          WHERE regexp_matches(p.first_name || p.last_name, '[åäöÅÄÖ]')`,
      );
      expect(rows.length, table).toBeGreaterThan(5);
      // The Swedish reports fold what Windows-1252 cannot hold (Çağrı -> Çagri) and keep å, ä, ö: raw must hold
      // exactly what the export wrote.
      for (const row of rows) {
        expect(row.first_name).toBe(foldToWindows1252(row.pf));
        expect(row.last_name.endsWith(foldToWindows1252(row.pl))).toBe(true);
      }
    }
  });

  it("reads decimal commas as numbers and keeps codes and IDs as written (leading zeros)", async () => {
    const checks = [
      {
        prefix: "nya_antagning_",
        table: "raw.nya__applications",
        opts: { delimiter: ";", encoding: "windows-1252" as const },
        key: ["SökandeId", "Anmälningskod"],
        rawKey: "applicant_id || ':' || application_code",
        texts: { Personnummer: "personal_number", Efternamn: "last_name", Kön: "sex" },
        decimals: { Meritvärde: "merit_value" },
        integers: { Prioritet: "priority", "Reservplats 1": "reserve_position_1" },
      },
      {
        prefix: "ladok_registreringar_",
        table: "raw.ladok__registrations",
        opts: { delimiter: ";", encoding: "windows-1252" as const, skip: 3 },
        key: ["Ladok-UID", "Kurskod", "Termin"],
        rawKey: "ladok_uid || ':' || course_code || ':' || term",
        texts: { Personnummer: "personal_number", Kursnamn: "course_name" },
        decimals: { "Omfattning hp": "credits" },
        integers: {},
      },
      {
        prefix: "studielink_vti_",
        table: "raw.studielink__enrolment_requests",
        opts: { delimiter: ";", encoding: "utf-8" as const },
        key: ["Studielinknummer", "CROHO"],
        rawKey: "studielink_number || ':' || croho_code",
        texts: {
          BSN: "bsn",
          BRIN: "school_brin",
          Vestiging: "school_branch",
          Studentnummer: "student_number",
        },
        decimals: { "Gemiddeld eindcijfer VO": "secondary_final_grade" },
        integers: { Rangnummer: "rank_number" },
      },
    ];
    for (const check of checks) {
      const name = readdirSync(inbox).find((f) => f.startsWith(check.prefix))!;
      const extract = readExtract(join(inbox, name), check.opts);
      const fields = { ...check.texts, ...check.decimals, ...check.integers };
      const raw = await warehouse.all<Record<string, unknown>>(
        `SELECT ${check.rawKey} AS _key, ${Object.values(fields).join(", ")} FROM ${check.table}`,
      );
      const byKey = new Map(raw.map((row) => [row._key as string, row]));
      let compared = 0;
      for (const row of extract.rows) {
        if (row.cells.length !== extract.header.length) continue;
        const loaded = byKey.get(check.key.map((column) => row.get(column)).join(":"));
        if (!loaded) continue;
        compared++;
        for (const [column, field] of Object.entries(check.texts))
          expect(loaded[field], `${name} ${column}`).toBe(row.get(column) === "" ? null : row.get(column));
        for (const [column, field] of Object.entries(check.decimals)) {
          const text = row.get(column);
          expect(loaded[field], `${name} ${column} ${text}`).toBe(
            text === "" ? null : Number(text.replace(",", ".")),
          );
        }
        for (const [column, field] of Object.entries(check.integers)) {
          const text = row.get(column);
          expect(loaded[field], `${name} ${column}`).toBe(text === "" ? null : Number(text));
        }
      }
      expect(compared, name).toBeGreaterThan(raw.length * 0.95);
    }
    const shapes = await warehouse.one<{ merit: number; credits: number; branch: number }>(
      `SELECT (SELECT count(*) FROM raw.nya__applications WHERE merit_value <> round(merit_value))::INTEGER AS merit,
              (SELECT count(*) FROM raw.ladok__registrations WHERE credits = 7.5)::INTEGER AS credits,
              (SELECT count(*) FROM raw.studielink__enrolment_requests WHERE school_branch = '00')::INTEGER AS branch`,
    );
    expect(shapes!.merit).toBeGreaterThan(0);
    expect(shapes!.credits).toBeGreaterThan(0);
    expect(shapes!.branch).toBeGreaterThan(0);
  });

  it("types dates in each source's own format (ISO, DD-MM-YYYY, '12 Mar 2024', Excel date cells)", async () => {
    const dates = await warehouse.one<Record<string, number>>(
      `SELECT (SELECT count(*) FILTER (connected_on IS NULL) FROM raw.linkedin__connections)::INTEGER AS linkedin_missing,
              (SELECT count(*) FROM raw.linkedin__connections)::INTEGER AS linkedin,
              (SELECT count(*) FILTER (joined_on IS NULL) FROM raw.alumni__members)::INTEGER AS alumni_missing,
              (SELECT count(*) FILTER (requested_on IS NULL) FROM raw.studielink__enrolment_requests)::INTEGER AS vti_missing,
              (SELECT count(*) FILTER (result_on > DATE '2026-10-01') FROM raw.osiris__results)::INTEGER AS osiris_late,
              (SELECT count(*) FILTER (walk_in) FROM raw.checkin__checkins)::INTEGER AS walk_ins`,
    );
    expect(dates).toMatchObject({ linkedin_missing: 0, alumni_missing: 0, vti_missing: 0, osiris_late: 0 });
    expect(dates!.linkedin).toBeGreaterThan(0);
    expect(dates!.walk_ins).toBeGreaterThan(0);
  });

  it("a second ingest of the same inbox loads nothing new", async () => {
    expect(second).toHaveLength(22);
    for (const result of second) {
      expect(result.status, result.file).toBe("skipped");
      expect(result.rowsLoaded).toBe(0);
    }
    const manifest = await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM meta.load_manifest");
    expect(manifest).toBe(22);
    const loaded = first.reduce((sum, r) => sum + r.rowsLoaded, 0);
    const inRaw = await warehouse.scalar<number>(
      `SELECT (${Object.values(EXPECTED)
        .map(({ table }) => table)
        .filter((table, i, all) => all.indexOf(table) === i)
        .map((table) => `(SELECT count(*) FROM ${table})`)
        .join(" + ")})::INTEGER`,
    );
    expect(inRaw).toBe(loaded);
  });
});

/** The load-path checks the demo relies on, on tiny literal files. */
describe("national IDs and line widths on load", () => {
  const bench = LoaderBench.forSuite();

  const CONTACTS_HEADER =
    "ContactId,FirstName,LastName,Email,Phone,BirthDate,PersonalNumber,Country,SchoolCode,ProgrammeInterest,LeadSource,CreatedAt,ModifiedAt";
  const contact = (id: string, personalNumber: string) =>
    `${id},Åsa,Öberg,a@example.se,,,${personalNumber},SE,,,web_form,2026-01-05 10:00:00,2026-01-05 10:00:00`;
  const valid = makeSwedishId("1990-01-01", 1);
  const interim = makeSwedishId("1995-06-15", 42, { letter: "T" });
  /** Nine contacts, one per case; `prefix` varies the ids so two files differ. */
  const contactsFile = (prefix: string) =>
    [
      CONTACTS_HEADER,
      contact(`${prefix}1`, formatSwedishId(valid, "12-")),
      contact(`${prefix}2`, formatSwedishId(valid, "10")),
      contact(`${prefix}3`, "19900101-0018"),
      contact(`${prefix}4`, "19900101-0001"),
      contact(`${prefix}5`, "0701234569"),
      contact(`${prefix}6`, "19901301-0017"),
      contact(`${prefix}7`, ""),
      contact(`${prefix}8`, formatSwedishId(interim, "12-")),
      contact(`${prefix}9`, "abc-123"),
    ].join("\r\n");

  it("quarantines a present but invalid personnummer with the validator's reason; an empty one loads", async () => {
    const result = await bench.ingestOne(bench.write("crm_contacts_2026-01-06.csv", contactsFile("C")));
    expect(result).toMatchObject({
      profile: "demo-crm-contacts",
      rowsRead: 9,
      rowsLoaded: 4,
      rowsQuarantined: 5,
    });
    expect(await bench.quarantine(result.fileId)).toEqual([
      {
        line: 4,
        column_name: "PersonalNumber",
        value: "19900101-0018",
        reason: "invalid_national_id:bad_checksum",
      },
      {
        line: 5,
        column_name: "PersonalNumber",
        value: "19900101-0001",
        reason: "invalid_national_id:serial_000",
      },
      {
        line: 6,
        column_name: "PersonalNumber",
        value: "0701234569",
        reason: "invalid_national_id:phone_lookalike",
      },
      {
        line: 7,
        column_name: "PersonalNumber",
        value: "19901301-0017",
        reason: "invalid_national_id:bad_date",
      },
      { line: 10, column_name: "PersonalNumber", value: "abc-123", reason: "invalid_national_id:bad_format" },
    ]);
    const loaded = await bench.warehouse.all(
      "SELECT contact_id, personal_number, first_name FROM raw.crm__contacts WHERE _file_id = $1 ORDER BY _row",
      [result.fileId],
    );
    expect(loaded).toEqual([
      { contact_id: "C1", personal_number: "19900101-0017", first_name: "Åsa" },
      { contact_id: "C2", personal_number: "9001010017", first_name: "Åsa" },
      { contact_id: "C7", personal_number: null, first_name: "Åsa" },
      { contact_id: "C8", personal_number: "19950615-T423", first_name: "Åsa" },
    ]);
  });

  it("an interim number is valid only with the issuing institution", async () => {
    const path = bench.write("crm_contacts_2026-01-07.csv", contactsFile("D"));
    const [result] = await ingestFiles(bench.warehouse, [path], {
      profiles: await loadProfiles(),
      interimIssuer: " ",
    });
    await bench.expectInvariant(result!);
    const interimRow = await bench.warehouse.one(
      "SELECT reason FROM meta.quarantine WHERE file_id = $1 AND line = 9",
      [result!.fileId],
    );
    expect(interimRow).toEqual({ reason: "invalid_national_id:interim_without_issuer" });
  });

  it("a BSN must pass the 11-proof; a mixed column ('any') reads nine digits as a BSN and the rest as Swedish", async () => {
    const bsn = makeBsn("12345672") ?? makeBsn("12345673")!;
    const diplomas = [
      "Studentnummer;BSN;Voornaam;Tussenvoegsel;Achternaam;CROHO;Opleiding;Examentype;Examendatum;EC",
      `1000001;${bsn};Zoë;de;Bruin;56551;B Geneeskunde;Propedeuse;28-06-2026;60`,
      "1000002;123456789;Els;van;Dam;56966;B Werktuigbouwkunde;Propedeuse;02-09-2023;60",
      "1000003;000000000;Jeroen;;Bakker;56860;B Biologie;Bachelor;03-07-2025;180",
      "1000004;;Mateo;;Gupta;50950;B Economie;Propedeuse;08-08-2025;60",
    ].join("\r\n");
    const result = await bench.ingestOne(
      bench.write("osiris_diplomas_2026-01-06.csv", `\uFEFF${diplomas}\r\n`),
    );
    expect(result).toMatchObject({ profile: "demo-osiris-diplomas", rowsLoaded: 2, rowsQuarantined: 2 });
    expect((await bench.quarantine(result.fileId)).map((q) => [q.line, q.reason])).toEqual([
      [3, "invalid_national_id:bad_checksum"],
      [4, "invalid_national_id:all_zero"],
    ]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Members");
    sheet.addRow(["MemberId", "FirstName", "LastName", "Email", "NationalId", "JoinedOn"]);
    sheet.addRow(["AL1", "Zoë", "de Bruin", "z@example.nl", bsn, new Date(Date.UTC(2020, 0, 2))]);
    sheet.addRow([
      "AL2",
      "Åsa",
      "Öberg",
      "a@example.se",
      formatSwedishId(valid, "10-"),
      new Date(Date.UTC(2020, 0, 3)),
    ]);
    sheet.addRow(["AL3", "Els", "van Dam", "e@example.nl", "123456789", new Date(Date.UTC(2020, 0, 4))]);
    sheet.addRow(["AL4", "Eva", "Ek", "e@example.se", "900101-0018", new Date(Date.UTC(2020, 0, 5))]);
    sheet.addRow(["AL5", "Bo", "Ek", "b@example.se", null, new Date(Date.UTC(2020, 0, 6))]);
    const path = join(bench.dir, "alumni_members_2026-01-06.xlsx");
    await workbook.xlsx.writeFile(path);
    const members = await bench.ingestOne(path);
    expect(members).toMatchObject({ profile: "demo-alumni-members", rowsLoaded: 3, rowsQuarantined: 2 });
    expect(await bench.quarantine(members.fileId)).toEqual([
      { line: 4, column_name: "NationalId", value: "123456789", reason: "invalid_national_id:bad_checksum" },
      {
        line: 5,
        column_name: "NationalId",
        value: "900101-0018",
        reason: "invalid_national_id:bad_checksum",
      },
    ]);
  });

  it("a line with extra empty trailing fields is quarantined, not read as shifted columns", async () => {
    const header =
      "SubmissionId,ContactId,FormType,SubmittedAt,Channel,Campaign,ProgrammeCode,FirstName,LastName,Email,Phone,Country,SchoolCode";
    const lines = [
      header,
      "S1,C1,inquiry,2026-01-05 10:00:00,web_form,,SYSVK,Åsa,Öberg,asa@example.se,,SE,",
      // An unquoted comma in the e-mail shifts Phone, Country and SchoolCode; SchoolCode was empty.
      "S2,C2,inquiry,2026-01-05 11:00:00,web_form,,SYSVK,Bo,Ek,bo@example.se,bo2@example.se,,SE,",
      "S3,C3,inquiry,2026-01-05 12:00:00,web_form,,SYSVK,Eva,Ek,eva@example.se,,SE,,,",
      "S4,C4,inquiry,2026-01-05 13:00:00,web_form",
      "Totalt,3",
      "S5,C5,inquiry,2026-01-05 14:00:00,web_form,,SYSVK,Per,Ek,per@example.se,,SE,12345678",
    ];
    const result = await bench.ingestOne(
      bench.write("crm_form_submissions_2026-01-06.csv", `${lines.join("\r\n")}\r\n`),
    );
    expect(result).toMatchObject({ rowsRead: 6, rowsLoaded: 2, rowsQuarantined: 4 });
    const quarantine = await bench.warehouse.all(
      `SELECT line, column_name, reason, detail, raw_line FROM ${QUARANTINE_WITH_LINES} WHERE file_id = $1 ORDER BY line`,
      [result.fileId],
    );
    expect(quarantine).toEqual([
      {
        line: 3,
        column_name: null,
        reason: "malformed_line:too_many_columns",
        detail: "expected 13 fields, found more",
        raw_line: lines[2],
      },
      {
        line: 4,
        column_name: null,
        reason: "malformed_line:too_many_columns",
        detail: "expected 13 fields, found more",
        raw_line: lines[3]!.slice(0, -1),
      },
      {
        line: 5,
        column_name: "Campaign",
        reason: "malformed_line:missing_columns",
        detail: "expected 13 fields, found 5",
        raw_line: lines[4],
      },
      {
        line: 6,
        column_name: "SubmissionId",
        reason: "totals_row",
        detail: "a report total, not a data row",
        raw_line: "Totalt,3",
      },
    ]);
  });
});
