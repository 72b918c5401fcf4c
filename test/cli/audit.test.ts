import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { createSecret } from "../../warehouse/secret.ts";
import { slm, tempProject } from "../helpers/project.ts";
import { ERASED_EMAIL, writeInbox } from "./privacy.fixture.ts";

describe("audit log", () => {
  const project = tempProject();

  beforeAll(() => {
    writeInbox(project.dir);
    createSecret(join(project.dir, "data", ".secret"));
  });
  afterAll(() => project.remove());

  it("records every command that reads or writes the warehouse: who, which command, counts only", async () => {
    for (const args of [
      ["ingest", "--json"],
      ["run", "--json"],
      ["status", "--json"],
      ["quality", "--json"],
      ["identity", "report", "--json"],
      ["person", ERASED_EMAIL, "--json"],
    ]) {
      const result = slm(project.dir, args);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    }
    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"), { readOnly: true });
    try {
      const entries = await warehouse.all<{ actor: string; command: string; detail: string }>(
        "SELECT actor, command, detail FROM meta.audit_log ORDER BY logged_at",
      );
      expect(entries.map((entry) => entry.command)).toEqual([
        "ingest",
        "run",
        "status",
        "quality",
        "identity report",
        "person",
      ]);
      for (const entry of entries) expect(entry.actor).not.toBe("");
      const details = entries.map((entry) => JSON.parse(entry.detail));
      expect(details[0]).toEqual({ files: 4, loaded: 4, rows_loaded: 13, rows_quarantined: 1 });
      expect(details[2]).toEqual({ sources: 4, read_only: 1 });
      expect(details[5]).toEqual({ lookup: "email", persons_found: 1 });
      // Nothing of the looked-up person, nor any other text from the data, in the log.
      const log = entries.map((entry) => entry.detail).join("\n");
      expect(log).not.toMatch(/qvorzle|example\.org|C1/i);
    } finally {
      warehouse.close();
    }
  }, 240_000);
});
