import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventAttendees } from "../../app/event-attendees.ts";
import { eventUpcoming, type UpcomingReport } from "../../app/event-upcoming.ts";
import { init } from "../../app/init.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { type LoadedConfig, loadConfig, resolvePath } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { readSecret } from "../../warehouse/secret.ts";
import { fileStartingWith, readExtract, readTruthRecords } from "../demo/helpers.ts";
import { tempProject } from "../helpers/project.ts";
import { ingestedDemo } from "../helpers/truth.ts";
import { runUpTo } from "../pipelines/core/lifecycle-fixtures.ts";

const REFERENCE_DATE = "2026-10-01";
/** Lines the loader refuses (the truth's malformed kinds): they never reach raw, so no list can hold them. */
const REFUSED = ["wrong_column_count", "bad_date"];

/**
 * The demo institution (both countries: the Dutch February intake's open day and trial lectures come after the
 * extract date, so there are upcoming sessions), loaded and built up to the event marts and identity.
 */
describe("slm event on the demo (app/event-attendees.ts, app/event-upcoming.ts)", () => {
  const project = tempProject();
  const data = join(project.dir, "data");
  let loaded: LoadedConfig;
  let report: UpcomingReport;
  /** The extract's confirmed registrations per session (ticket -> contact), read from the CSV file itself. */
  const confirmed = new Map<string, Map<string, string>>();
  /** The extract's contacts: contact id -> [first name, last name]. */
  const contacts = new Map<string, [string, string]>();

  beforeAll(async () => {
    init(project.dir);
    writeFileSync(
      join(project.dir, "slm.config.json"),
      JSON.stringify({ paths: { warehouse: "data/w.duckdb" } }),
    );
    loaded = loadConfig(project.dir);
    const key = readSecret(resolvePath(loaded, loaded.config.paths.secret));
    const w: Warehouse = await ingestedDemo(
      data,
      { persons: 2500, seed: 11, years: 5, country: "both" },
      REFERENCE_DATE,
      key,
    );
    try {
      await runUpTo(w, [
        "marts.mart_event_turnout_backtest",
        "marts.mart_upcoming_sessions",
        "identity.person_registry",
        "staging.stg_crm__contacts",
        "staging.stg_catalogue__programmes",
      ]);
    } finally {
      w.close();
    }
    const inbox = join(data, "inbox");
    const truth = readTruthRecords(join(data, "truth"));
    const refused = (file: string, line: number) =>
      (truth.get(`${file}:${line}`)?.dirt ?? []).some((tag) => REFUSED.includes(tag));
    const registrationsFile = basename(fileStartingWith(inbox, "crm_event_registrations_"));
    for (const row of readExtract(join(inbox, registrationsFile), { delimiter: ",", encoding: "utf-8" })
      .rows) {
      if (refused(registrationsFile, row.line) || row.get("Status") !== "confirmed") continue;
      const session = row.get("SessionId");
      if (!confirmed.has(session)) confirmed.set(session, new Map());
      confirmed.get(session)!.set(row.get("RegistrationId"), row.get("ContactId"));
    }
    const contactsFile = basename(fileStartingWith(inbox, "crm_contacts_"));
    for (const row of readExtract(join(inbox, contactsFile), { delimiter: ",", encoding: "utf-8" }).rows) {
      if (!refused(contactsFile, row.line))
        contacts.set(row.get("ContactId"), [row.get("FirstName"), row.get("LastName")]);
    }
    report = await eventUpcoming(loaded);
  }, 600_000);
  afterAll(() => project.remove());

  /** Each session's list against the extract's confirmed registrations of it, and the names of their contacts. */
  async function expectExactList(session: string) {
    const list = await eventAttendees(loaded, { session });
    const want = confirmed.get(session) ?? new Map<string, string>();
    expect(list.attendees.map((a) => a.ticket).sort()).toEqual([...want.keys()].sort());
    for (const a of list.attendees) {
      const contact = contacts.get(want.get(a.ticket)!);
      if (!contact) continue; // the contact's own row was refused: another contact of the person names them
      expect([a.first_name ?? "", a.last_name ?? ""], a.ticket).toEqual(contact.map((n) => n.trim()));
      expect(a.badge_text.startsWith(`${a.first_name} ${a.last_name}`), a.ticket).toBe(true);
    }
    return list;
  }

  it("lists exactly the confirmed registrants of an upcoming session and of the largest held open day", async () => {
    expect(report.as_of).toBe(REFERENCE_DATE);
    expect(report.sessions.length).toBeGreaterThan(0);
    expect(report.sessions.every((s) => s.session_date > REFERENCE_DATE)).toBe(true);
    const upcoming = [...report.sessions].sort((a, b) => b.confirmed - a.confirmed)[0]!;
    const list = await expectExactList(upcoming.session_id);
    expect(list.attendees.length).toBe(upcoming.confirmed);
    const largest = [...confirmed.entries()]
      .filter(([id]) => id.startsWith("OD-") && !id.includes("2027"))
      .sort((a, b) => b[1].size - a[1].size)[0]!;
    expect(largest[1].size).toBeGreaterThan(10);
    await expectExactList(largest[0]);
  });

  it("never lists an erased person, and audits which session and how many, never whom", async () => {
    const [session, registrants] = [...confirmed.entries()]
      .filter(([id]) => id.startsWith("OD-"))
      .sort((a, b) => b[1].size - a[1].size)[0]!;
    const before = await eventAttendees(loaded, { session });
    const victim = before.attendees[0]!;
    // an erasure recorded whose raw rows are not gone yet: the list leaves the person out all the same
    const w = await Warehouse.open(resolvePath(loaded, loaded.config.paths.warehouse));
    try {
      await registerModelFunctions(w, {
        key: readSecret(resolvePath(loaded, loaded.config.paths.secret)),
        config: loaded.config,
        referenceDate: REFERENCE_DATE,
      });
      await w.run(
        "INSERT INTO meta.erasure_list VALUES (system_key('crm', $1), 'system_id', 'test-erasure', now())",
        [registrants.get(victim.ticket)!],
      );
    } finally {
      w.close();
    }
    const after = await eventAttendees(loaded, { session });
    expect(after.attendees.map((a) => a.ticket)).not.toContain(victim.ticket);
    expect(after.attendees).toHaveLength(before.attendees.length - 1);

    const log = await Warehouse.open(resolvePath(loaded, loaded.config.paths.warehouse), { readOnly: true });
    try {
      const entries = await log.all<{ detail: string }>(
        "SELECT detail FROM meta.audit_log WHERE command = 'event attendees' ORDER BY logged_at",
      );
      expect(entries.length).toBeGreaterThanOrEqual(2);
      const last = JSON.parse(entries.at(-1)!.detail);
      expect(last).toEqual({ session_id: session, attendees: after.attendees.length, written_to_file: 0 });
      for (const entry of entries) {
        for (const a of before.attendees) {
          for (const value of [a.ticket, a.first_name, a.last_name].filter(
            (v): v is string => !!v && v.length > 2,
          ))
            expect(entry.detail).not.toContain(value);
        }
      }
    } finally {
      log.close();
    }
  });

  it("writes the list to a new file only, and refuses to replace one", async () => {
    const session = report.sessions[0]!.session_id;
    const out = join(project.dir, "badges.csv");
    const list = await eventAttendees(loaded, { session, out });
    expect(list.written).toBe(out);
    const lines = readFileSync(out, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("\uFEFFticket,first_name,last_name,programme_code,programme_name,badge_text");
    expect(lines).toHaveLength(list.attendees.length + 1);
    writeFileSync(out, "keep me");
    await expect(eventAttendees(loaded, { session, out })).rejects.toThrow(
      /exists: slm never replaces a file/,
    );
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect(existsSync(join(project.dir, "badges.csv"))).toBe(true);
  });

  it("predicted turnout of the last completed cycle, made the day before each session, held its interval for >= 90% of sessions", () => {
    const lastCycle = report.backtest.find((b) => b.scope === "last_cycle" && b.event_type === "all")!;
    expect(lastCycle.scored).toBeGreaterThanOrEqual(20);
    expect(lastCycle.no_history).toBe(0);
    expect(lastCycle.covered / lastCycle.scored).toBeGreaterThanOrEqual(0.9);
    expect(lastCycle.coverage).toBe(Math.round((1000 * lastCycle.covered) / lastCycle.scored) / 1000);
  });
});
