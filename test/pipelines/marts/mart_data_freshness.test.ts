import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

type File = [name: string, source: string, entity: string];

async function loaded(w: Warehouse, files: File[]) {
  for (const [i, [name, source, entity]] of files.entries()) {
    await w.run(
      `INSERT INTO meta.load_manifest (file_id, sha256, file_name, file_path, bytes, source, entity, raw_table,
         profile, rows_read, rows_loaded, rows_quarantined, started_at, finished_at)
       VALUES ($1, $2, $3, $3, 1, $4, $5, 'raw.x', 'p', 10, 10, 0, '2026-12-06 08:00', '2026-12-06 08:00')`,
      [i + 1, `sha${i}`, name, source, entity],
    );
  }
  await runModels(
    w,
    undefined,
    discoverModels().filter((model) => model.name === "marts.mart_data_freshness"),
  );
}

describe("marts.mart_data_freshness (reference date 2026-11-23)", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await modelWarehouse({ freshness: { refreshDays: 35, sources: { alumni: 120, "crm.mailings": 7 } } });
  });
  afterEach(() => w.close());

  it("flags a source whose newest extract is older than the reference date by more than its refresh period", async () => {
    await loaded(w, [
      ["crm_form_submissions_2026-10-01.csv", "crm", "form_submissions"],
      ["crm_form_submissions_2026-11-01.csv", "crm", "form_submissions"], // the newest counts: 22 days
      ["crm_mailings_2026-11-10.csv", "crm", "mailings"], // 13 days, expected weekly (source and entity)
      ["alumni_members_2026-08-01.csv", "alumni", "members"], // 114 days, expected within 120 (source)
      ["ladok_students_2026-10-18.csv", "ladok", "students"], // 36 days, the default 35
      ["ladok_results_2026-10-19.csv", "ladok", "results"], // exactly 35 days: not yet stale
      ["applications.csv", "nya", "applications"], // no date in the name: age unknown
    ]);
    expect(
      await w.all(
        `SELECT source, entity, strftime(newest_extract_date, '%Y-%m-%d') AS newest, expected_refresh_days,
                days_behind_reference, stale
           FROM marts.mart_data_freshness ORDER BY source, entity`,
      ),
    ).toEqual([
      {
        source: "alumni",
        entity: "members",
        newest: "2026-08-01",
        expected_refresh_days: 120,
        days_behind_reference: 114,
        stale: false,
      },
      {
        source: "crm",
        entity: "form_submissions",
        newest: "2026-11-01",
        expected_refresh_days: 35,
        days_behind_reference: 22,
        stale: false,
      },
      {
        source: "crm",
        entity: "mailings",
        newest: "2026-11-10",
        expected_refresh_days: 7,
        days_behind_reference: 13,
        stale: true,
      },
      {
        source: "ladok",
        entity: "results",
        newest: "2026-10-19",
        expected_refresh_days: 35,
        days_behind_reference: 35,
        stale: false,
      },
      {
        source: "ladok",
        entity: "students",
        newest: "2026-10-18",
        expected_refresh_days: 35,
        days_behind_reference: 36,
        stale: true,
      },
      {
        source: "nya",
        entity: "applications",
        newest: null,
        expected_refresh_days: 35,
        days_behind_reference: null,
        stale: null,
      },
    ]);
  });
});
