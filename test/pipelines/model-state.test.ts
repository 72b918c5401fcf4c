import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDailyMailings } from "../../demo/daily-extract.ts";
import { generateDemo } from "../../demo/generate.ts";
import { expandInputs, ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { externalInputs } from "../../pipelines/model-state.ts";
import { buildOrder, discoverModels, downstreamOf } from "../../pipelines/models.ts";
import { runModels } from "../../pipelines/runner.ts";
import { type ConfigInput, parseConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { qualified } from "../../warehouse/sql.ts";
import { tempProject } from "../helpers/project.ts";

/**
 * What a rebuild must reproduce of the identity state: who is who. Its history columns say what the
 * previous rebuild saw, which a kept table rightly does not repeat.
 */
const STATE_COLUMNS: Record<string, string> = {
  "identity.person_registry": "record_id, person_id",
  "identity.identity_changes": "change, from_person_id, to_person_id, records",
};

/** A digest of every model table's contents, order-independent. */
async function contents(warehouse: Warehouse): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  const published = await warehouse.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'publish' ORDER BY 1",
  );
  const tables = [
    ...buildOrder(discoverModels()).map((model) => ({
      name: model.name,
      layer: model.layer,
      table: model.table,
    })),
    ...published.map(({ name }) => ({ name: `publish.${name}`, layer: "publish", table: name })),
  ];
  for (const model of tables) {
    const columns = STATE_COLUMNS[model.name];
    const target = columns
      ? `(SELECT ${columns} FROM ${qualified(model.layer, model.table)})`
      : qualified(model.layer, model.table);
    digests[model.name] = String(
      await warehouse.scalar(
        `SELECT count(*)::VARCHAR || ':' || coalesce(md5(string_agg(r::VARCHAR, '|' ORDER BY r::VARCHAR)), '')
           FROM (SELECT t AS r FROM ${target} AS t)`,
      ),
    );
  }
  return digests;
}

const profiles = await loadProfiles();

describe("incremental runs keep what has not changed", () => {
  const project = tempProject();
  const inbox = join(project.dir, "inbox");
  const key = randomBytes(32);
  let warehouse: Warehouse;
  const register = (config: ConfigInput = {}) =>
    registerModelFunctions(warehouse, { key, config: parseConfig(config), referenceDate: "2026-11-23" });
  const run = () => runModels(warehouse, undefined, undefined, { track: true, skipUnchanged: true });

  beforeAll(async () => {
    await generateDemo({ persons: 400, seed: 3, out: inbox, truthOut: join(project.dir, "truth") });
    warehouse = await Warehouse.open(join(project.dir, "w.duckdb"));
    await ingestFiles(warehouse, expandInputs([inbox]), { profiles });
    await register();
    await ensureAllRawTables(warehouse);
    await run();
  }, 240_000);
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });

  it("keeps every model and publish table when nothing changed", async () => {
    const again = await run();
    const built = again.models.filter((m) => !m.skipped);
    expect(built.map((m) => m.model)).toEqual([]);
    // a kept table's rows come from the run that recorded it, and must still be its rows
    for (const m of again.models) {
      expect([m.model, m.rows]).toEqual([
        m.model,
        Number(await warehouse.scalar(`SELECT count(*) FROM ${m.model}`)),
      ]);
    }
    expect(again.models.filter((m) => m.model.startsWith("publish.") && m.skipped).length).toBeGreaterThan(
      20,
    );
  });

  it("rebuilds exactly what reads a source with a new file, to the contents of a full rebuild", async () => {
    const { rows } = await writeDailyMailings(join(inbox, "crm_mailings_2026-10-01.csv"), 0.05);
    expect(rows).toBeGreaterThan(10);
    await ingestFiles(warehouse, expandInputs([join(inbox, "crm_mailings_2026-10-02.csv")]), { profiles });
    const incremental = await run();
    const rebuilt = incremental.models.filter((m) => !m.skipped).map((m) => m.model);
    const models = discoverModels();
    const downstream = downstreamOf(models, ["staging.stg_crm__mailings"]).map((m) => m.name);
    // a load also adds to the manifest and the quarantine, so what reads meta is rebuilt too
    const readingMeta = models.filter((m) => externalInputs(m).some((t) => t.startsWith("meta.")));
    const expected = new Set([
      ...downstream,
      ...downstreamOf(
        models,
        readingMeta.map((m) => m.name),
      ).map((m) => m.name),
    ]);
    expect(readingMeta.length).toBeGreaterThan(0);
    // publish tables are released again where what they read changed, kept elsewhere
    expect(rebuilt).toContain("publish.pub_bounces_by_sender");
    expect(rebuilt).not.toContain("publish.pub_funnel_by_intake");
    expect(rebuilt.filter((name) => !name.startsWith("publish.")).sort()).toEqual(
      [...expected].filter((name) => !name.startsWith("publish.")).sort(),
    );
    expect(rebuilt).toContain("staging.stg_crm__mailings");
    // the mailings chain declares `-- incremental:`: only the new file's messages are built
    expect(incremental.models.filter((m) => m.incremental).map((m) => m.model)).toEqual([
      "staging.stg_crm__mailings",
      "core.fct_mailings",
      "marts.mart_bounce_counts_by_sender",
      "marts.mart_consent_coverage",
      "marts.mart_consent_withdrawals_by_sender",
      "marts.mart_contact_audience_overlap",
      "marts.mart_contact_collisions",
      "marts.mart_campaign_collided_persons",
      "marts.mart_contact_pressure",
      "marts.mart_campaign_counts",
      "marts.mart_contact_cap_breaches",
      "marts.mart_contact_peak_bands",
    ]);
    expect(rebuilt).not.toContain("identity.person_registry");
    const afterIncremental = await contents(warehouse);
    await runModels(warehouse, undefined, undefined, { track: true, skipUnchanged: false });
    expect(await contents(warehouse)).toEqual(afterIncremental);
  });

  it("rebuilds what reads a source after a replace, even of the same content, to a full rebuild's contents", async () => {
    // The same bytes again (a profile fixed): raw, the manifest and the quarantine keep their row counts, and
    // only the newest file id tells the run that the rows were taken out and put back.
    const file = join(inbox, "crm_mailings_2026-10-02.csv");
    const [replaced] = await ingestFiles(warehouse, [file], { profiles, replace: true });
    expect(replaced).toMatchObject({ status: "loaded", replacedFileId: expect.any(Number) });
    const after = await run();
    const rebuilt = after.models.filter((m) => !m.skipped).map((m) => m.model);
    expect(rebuilt).toEqual(expect.arrayContaining(["staging.stg_crm__mailings", "core.fct_mailings"]));
    expect(rebuilt).toEqual(
      expect.arrayContaining(["marts.mart_data_freshness", "marts.mart_quarantine_by_reason"]),
    );
    // rows left the raw table, so the mailings chain is rebuilt whole, not for the new file's keys
    expect(after.models.filter((m) => m.incremental)).toEqual([]);
    const afterReplace = await contents(warehouse);
    await runModels(warehouse, undefined, undefined, { track: true, skipUnchanged: false });
    expect(await contents(warehouse)).toEqual(afterReplace);
  });

  it("rebuilds everything when the configuration changes", async () => {
    await register({ privacy: { minCount: 6 } });
    const changed = await run();
    expect(changed.models.filter((m) => m.skipped)).toEqual([]);
    await register();
  });
});
