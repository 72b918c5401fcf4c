import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAudience } from "../../../pipelines/audiences/build.ts";
import { type Audience, audienceSchema, parseAudience } from "../../../pipelines/audiences/definition.ts";
import { parseConfig } from "../../../warehouse/config.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { application } from "../core/lifecycle-fixtures.ts";
import {
  alumnus,
  buildAudienceModels,
  consent,
  contact,
  graduate,
  linkedinConnection,
  mailing,
} from "./fixtures.ts";

// modelWarehouse's reference date is 2026-11-23: three years back is 2023-11-23
const AR = "Alumni Relations";
const config = parseConfig({});
const options = {
  plannedAt: "2026-11-24 09:00:00",
  campaign: null,
  outreach: config.outreach,
  retention: config.retention,
  today: "2026-12-06",
};

const audience = (value: unknown): Audience => audienceSchema.parse(value);
const rows = async (w: Warehouse, a: Audience) => {
  const built = await buildAudience(w, a, options);
  return {
    built,
    rows: built.recipients
      .flatMap((r) => (r.row ? [r.row] : []))
      .sort((x, y) => x.contact_id.localeCompare(y.contact_id)),
  };
};

const bounce = (w: Warehouse, person: string) =>
  mailing(w, person, {
    department: AR,
    campaign: "AR-2026-10",
    at: "2026-10-01 10:00:00",
    status: "bounced",
  });

describe("master's prospects: graduates of the last N years who have not applied to the follow-on", () => {
  let w: Warehouse;
  const prospects = audience({
    name: "masters-prospects",
    purpose: "alumni_relations",
    department: AR,
    who: { graduated: { programme: ["PROGA"], within_years: 3 }, not_applied_to: ["MAST"] },
    columns: ["programme"],
  });

  beforeAll(async () => {
    w = await modelWarehouse();
    const person = async (name: string, graduated: string, programme = "PROGA") => {
      await contact(w, { person: name });
      await consent(w, name, { purpose: "alumni_relations", given: "2020-06-15 10:00:00", expires: null });
      await graduate(w, { person: name, on: graduated, programme });
    };
    // in: a degree a year and a half ago; a degree exactly three years before the reference date
    await person("Anna", "2025-06-15");
    await person("Dina", "2023-11-23");
    // out: applied to the follow-on programme (before graduating, as most do)
    await person("Bert", "2025-06-15");
    await application(w, { person: "Bert", programme: "MAST", round: "HT2025", on: "2025-04-01" });
    // out: graduated four years before the reference date; a day too early for three years
    await person("Carl", "2022-11-23");
    await person("Cora", "2023-11-22");
    // out: another programme's graduate
    await person("Gert", "2025-06-15", "PROGB");
    // removed as bounced: the last mail to the contact bounced
    await person("Hans", "2025-06-15");
    await bounce(w, "Hans");
    // an alumni-database member with no degree in the records system: graduation year 2024 is in, 2022 out
    await alumnus(w, "Eva", [], { graduationYear: 2024 });
    await consent(w, "Eva", { purpose: "alumni_relations", given: "2024-06-15 10:00:00", expires: null });
    await alumnus(w, "Fred", [], { graduationYear: 2022 });
    await consent(w, "Fred", { purpose: "alumni_relations", given: "2022-06-15 10:00:00", expires: null });
    await buildAudienceModels(w);
  }, 120_000);
  afterAll(() => w.close());

  it("exports exactly the graduates within the years who did not apply, with their programme", async () => {
    const { built, rows: exported } = await rows(w, prospects);
    expect(exported).toEqual([
      {
        contact_id: "C-Anna",
        first_name: "Anna",
        last_name: "Test",
        email: "anna@example.org",
        language: "en",
        programme: "PROGA",
      },
      {
        contact_id: "C-Dina",
        first_name: "Dina",
        last_name: "Test",
        email: "dina@example.org",
        language: "en",
        programme: "PROGA",
      },
      {
        contact_id: "C-Eva",
        first_name: "Eva",
        last_name: "Test",
        email: "eva@example.org",
        language: "en",
        programme: "PROGA",
      },
    ]);
    expect(built.resolved).toBe(4);
    expect(built.removed).toMatchObject({ bounced: 1, no_valid_consent: 0, no_email: 0 });
  });

  it("without not_applied_to the applicant is back; with four years the older graduates are too", async () => {
    const { rows: all } = await rows(
      w,
      audience({ ...prospects, who: { graduated: { programme: ["PROGA"], within_years: 3 } } }),
    );
    expect(all.map((r) => r.contact_id)).toEqual(["C-Anna", "C-Bert", "C-Dina", "C-Eva"]);
    const { rows: four } = await rows(
      w,
      audience({
        ...prospects,
        who: { ...prospects.who, graduated: { programme: ["PROGA"], within_years: 4 } },
      }),
    );
    expect(four.map((r) => r.contact_id)).toEqual([
      "C-Anna",
      "C-Carl",
      "C-Cora",
      "C-Dina",
      "C-Eva",
      "C-Fred",
    ]);
  });

  it("refuses an audience that names nobody, by file and field", () => {
    const nobody = JSON.stringify({ ...prospects, who: { not_applied_to: ["MAST"] } });
    expect(() => parseAudience("audiences/x.json", nobody)).toThrow(
      "audiences/x.json: who.reached: at least one stage, unless who names graduated or alumni",
    );
  });
});

describe("guest-lecturer and internship-host lists: the pools with employer and sector", () => {
  let w: Warehouse;
  const hosts = audience({
    name: "guest-lecturers-internship-hosts",
    purpose: "alumni_relations",
    department: AR,
    who: { alumni: { pool: ["guest_lecture", "internship"] } },
    columns: ["programme", "employer", "sector"],
  });

  beforeAll(async () => {
    w = await modelWarehouse();
    const member = async (
      name: string,
      type: string,
      extra: { employer?: string; sector?: string } = {},
    ): Promise<void> => {
      await alumnus(w, name, [{ type, mode: "volunteer", on: "2024-03-01" }], extra);
      await consent(w, name, { purpose: "alumni_relations", given: "2020-06-15 10:00:00", expires: null });
    };
    // in: a guest lecturer whose alumni record names employer and sector
    await member("Vera", "guest_lecture", { employer: "Volvo Cars", sector: "Manufacturing" });
    // in: an internship host known to work somewhere only from LinkedIn (which has no sector)
    await member("Wim", "internship_offer");
    await linkedinConnection(w, "Wim", { company: "Spotify", on: "2025-01-10" });
    // removed as bounced: a guest lecturer whose last mail bounced
    await member("Xena", "guest_lecture", { employer: "SEB", sector: "Finance" });
    await bounce(w, "Xena");
    // not in a pool: went to an alumni event
    await member("Yngve", "event", { employer: "IKEA", sector: "Retail" });
    await buildAudienceModels(w);
  }, 120_000);
  afterAll(() => w.close());

  it("exports the pool members with employer and sector; the bounced one is removed", async () => {
    const { built, rows: exported } = await rows(w, hosts);
    expect(exported).toEqual([
      {
        contact_id: "C-Vera",
        first_name: "Vera",
        last_name: "Test",
        email: "vera@example.org",
        language: "en",
        programme: "PROGA",
        employer: "Volvo Cars",
        sector: "Manufacturing",
      },
      {
        contact_id: "C-Wim",
        first_name: "Wim",
        last_name: "Test",
        email: "wim@example.org",
        language: "en",
        programme: "PROGA",
        employer: "Spotify",
        sector: null,
      },
    ]);
    expect(built.resolved).toBe(3);
    expect(built.removed).toMatchObject({ bounced: 1 });
  });

  it("one pool at a time", async () => {
    const only = (pool: string) => audience({ ...hosts, who: { alumni: { pool: [pool] } } });
    expect((await rows(w, only("internship"))).rows.map((r) => r.contact_id)).toEqual(["C-Wim"]);
    expect((await rows(w, only("guest_lecture"))).rows.map((r) => r.contact_id)).toEqual(["C-Vera"]);
  });
});
