import { describe, expect, it } from "vitest";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

type Row = [string, string, string, string, string | null];

async function load(warehouse: Warehouse, rows: Row[]) {
  for (const [index, [submission, contact, formType, at, channel]] of rows.entries()) {
    await warehouse.run(
      `INSERT INTO raw.crm__form_submissions (_file_id, _row, submission_id, contact_id, form_type, submitted_at, channel)
       VALUES (1, $1, $2, $3, $4, $5::TIMESTAMP, $6)`,
      [index + 1, submission, contact, formType, at, channel],
    );
  }
}

describe("inquiries by month and channel", () => {
  const warehouse = modelWarehouseFor("test");

  it("counts distinct persons per month and channel, only for inquiry-type forms, latest version of a submission", async () => {
    await load(warehouse, [
      ["S1", "C1", "inquiry", "2026-01-05 10:00:00", "web_form"],
      ["S2", "C1", "newsletter_signup", "2026-01-20 11:00:00", "web_form"], // same person, same month: once
      ["S3", "C2", "inquiry", "2026-01-21 09:00:00", " Web_Form "], // normalised channel
      ["S4", "C3", "alumni_signup", "2026-01-22 09:00:00", "web_form"], // not an inquiry stage
      ["S5", "C4", "catalogue_order_person", "2026-02-01 09:00:00", null], // no channel -> unknown
      ["S6", "C5", "inquiry", "2026-02-02 09:00:00", "fair"],
      ["S6", "C5", "inquiry", "2026-02-03 09:00:00", "agent"], // redelivered: later row wins
    ]);
    await runModels(warehouse);
    const mart = await warehouse.all(
      "SELECT strftime(month, '%Y-%m') AS month, channel, inquirers, submissions FROM marts.mart_inquiries_by_month_channel",
    );
    expect(mart).toEqual([
      { month: "2026-01", channel: "web_form", inquirers: 2, submissions: 3 },
      { month: "2026-02", channel: "agent", inquirers: 1, submissions: 1 },
      { month: "2026-02", channel: "unknown", inquirers: 1, submissions: 1 },
    ]);
  });

  it("publishes rounded counts and suppresses cells under five persons", async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 13; i++) rows.push([`A${i}`, `P${i}`, "inquiry", "2026-03-01 10:00:00", "fair"]);
    for (let i = 0; i < 4; i++) rows.push([`B${i}`, `Q${i}`, "inquiry", "2026-03-02 10:00:00", "agent"]);
    for (let i = 0; i < 5; i++) rows.push([`C${i}`, `R${i}`, "inquiry", "2026-03-03 10:00:00", "search"]);
    await load(warehouse, rows);
    await runModels(warehouse);
    expect(await warehouse.all("SELECT * FROM publish.pub_inquiries_by_month_channel")).toEqual([
      { month: "2026-03", channel: "agent", inquirers: null, inquirers_suppressed: true },
      { month: "2026-03", channel: "fair", inquirers: 15, inquirers_suppressed: false },
      { month: "2026-03", channel: "search", inquirers: 5, inquirers_suppressed: false },
    ]);
  });

  it("records each run and its models; a failing model leaves the previous state", async () => {
    await load(warehouse, [["S1", "C1", "inquiry", "2026-01-05 10:00:00", "web_form"]]);
    const run = await runModels(warehouse);
    expect(run.models.map((m) => m.model)).toEqual(
      expect.arrayContaining([
        "staging.stg_crm__form_submissions",
        "marts.mart_inquiries_by_month_channel",
        "publish.pub_inquiries_by_month_channel",
      ]),
    );
    // A model that cannot build (its macro is gone) fails the run; nothing of the run is kept.
    await warehouse.run("DROP MACRO name_key");
    await expect(runModels(warehouse)).rejects.toThrow(/model staging\.stg_[a-z_]+ .* failed: .*name_key/);
    expect(await warehouse.all("SELECT run_id, status FROM meta.pipeline_run ORDER BY run_id")).toEqual([
      { run_id: 1, status: "ok" },
      { run_id: 2, status: "failed" },
    ]);
    expect(
      await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM marts.mart_inquiries_by_month_channel"),
    ).toBe(1);
  });
});
