import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAudience } from "../../../pipelines/audiences/build.ts";
import { type Audience, audienceSchema } from "../../../pipelines/audiences/definition.ts";
import { audienceGaps } from "../../../pipelines/audiences/gaps.ts";
import { reconcilePlans, recordPlan } from "../../../pipelines/audiences/planned-sends.ts";
import { registerModelFunctions } from "../../../pipelines/functions/register.ts";
import { checkPlannedMailing } from "../../../pipelines/outreach/check.ts";
import { eraseRawRows } from "../../../pipelines/privacy/erasure.ts";
import { parseConfig } from "../../../warehouse/config.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { application } from "../core/lifecycle-fixtures.ts";
import {
  alumnus,
  buildAudienceModels,
  consent,
  contact,
  inquirer,
  mailing,
  openDayRegistration,
} from "./fixtures.ts";

const AO = "Admissions Office";
const FT = "Faculty of Technology";
const PLANNED_AT = "2026-03-10 10:00:00";

const audience = (extra: Partial<Audience> = {}): Audience =>
  audienceSchema.parse({
    name: "proga-no-open-day",
    purpose: "marketing",
    department: AO,
    who: {
      reached: ["inquiry"],
      not_reached: ["open_day_registered"],
      programme: ["PROGA"],
      intake: ["HT2026"],
    },
    columns: ["programme", "intake"],
    languages: { SE: "sv" },
    ...extra,
  });

describe("an audience built on literal persons: one for each reason a person is left out", () => {
  let w: Warehouse;
  const config = parseConfig({ retention: { categories: { contact_details: 365 } } });
  const options = {
    plannedAt: PLANNED_AT,
    campaign: "AO-2026-03-final",
    outreach: config.outreach,
    retention: config.retention,
    today: "2026-12-06",
  };

  beforeAll(async () => {
    w = await modelWarehouse();
    // kept: consent, nothing in the way
    await inquirer(w, { person: "Alma" });
    await consent(w, "Alma");
    // not in the audience at all: registered for the cycle's open day, or asked about another programme
    await inquirer(w, { person: "Bror" });
    await consent(w, "Bror");
    await openDayRegistration(w, "Bror");
    await inquirer(w, { person: "Cleo", programme: "PROGB" });
    await consent(w, "Cleo");
    // removed: no consent; a withdrawn one; an expired one
    await inquirer(w, { person: "Dag" });
    await inquirer(w, { person: "Elin" });
    await consent(w, "Elin", { withdrawn: "2026-02-20 09:00:00" });
    await inquirer(w, { person: "Emil" });
    await consent(w, "Emil", { given: "2024-01-01 10:00:00", expires: "2026-01-01 10:00:00" });
    // removed: the last e-mail bounced
    await inquirer(w, { person: "Frej" });
    await consent(w, "Frej");
    await mailing(w, "Frej", {
      department: FT,
      campaign: "FoT-2026-02",
      at: "2026-02-10 10:00:00",
      status: "bounced",
    });
    // removed: four messages in the six days before: the planned one is the fifth in 7 days (cap 4)
    await inquirer(w, { person: "Gun" });
    await consent(w, "Gun");
    for (const day of ["04", "05", "06", "07"])
      await mailing(w, "Gun", {
        department: AO,
        campaign: `AO-2026-03-${day}`,
        at: `2026-03-${day} 10:00:00`,
      });
    // removed: the faculty mailed 20 hours before
    await inquirer(w, { person: "Hugo" });
    await consent(w, "Hugo");
    await mailing(w, "Hugo", { department: FT, campaign: "FoT-2026-03", at: "2026-03-09 14:00:00" });
    // removed: contact details older than the 365 days retention keeps them
    await inquirer(w, { person: "Ines", created: "2025-06-01 10:00:00", at: "2026-02-01 12:00:00" });
    await consent(w, "Ines");
    // removed: no e-mail on the contact record the mail would go to
    await inquirer(w, { person: "Jon", email: null });
    await consent(w, "Jon");
    // removed: an erasure recorded for the contact but not finished (the models still hold the person)
    await inquirer(w, { person: "Kai" });
    await consent(w, "Kai");
    await buildAudienceModels(w);
    await w.run("INSERT INTO meta.erasure_list VALUES (system_key('crm', 'C-Kai'), 'record', 'e1', now())");
  }, 120_000);
  afterAll(() => w.close());

  it("exports exactly the one person nothing bars, with the audience's own columns", async () => {
    const built = await buildAudience(w, audience(), options);
    expect(built.recipients.filter((r) => r.row).map((r) => r.row)).toEqual([
      {
        contact_id: "C-Alma",
        first_name: "Alma",
        last_name: "Test",
        email: "alma@example.org",
        language: "sv",
        programme: "PROGA",
        intake: "HT2026",
      },
    ]);
  });

  it("counts every other resolved person under the first reason that holds", async () => {
    const built = await buildAudience(w, audience(), options);
    expect(built.resolved).toBe(10);
    expect(built.exported).toBe(1);
    expect(built.removed).toEqual({
      erased: 1,
      retention_expired: 1,
      no_email: 1,
      no_valid_consent: 3,
      bounced: 1,
      over_cap: 1,
      collision: 1,
      mailed_recently: 0,
    });
  });

  it("a higher cap keeps the person the default cap removed", async () => {
    const built = await buildAudience(w, audience(), {
      ...options,
      outreach: { ...options.outreach, capPer7Days: 5 },
    });
    expect(built.removed.over_cap).toBe(0);
    expect(built.exported).toBe(2);
  });

  it("quiet_days leaves out whoever got any message in those days (the 'less' measure)", async () => {
    const built = await buildAudience(w, audience({ quiet_days: 30 }), {
      ...options,
      outreach: { ...options.outreach, capPer7Days: 10, collisionHours: 1 },
    });
    // Gun (four in March) and Hugo (the faculty's on 9 March) are now removed for having been mailed recently
    expect(built.removed).toMatchObject({ over_cap: 0, collision: 0, mailed_recently: 2 });
  });

  it("a recorded plan is mail coming: another department's audience collides with it, until it is sent", async () => {
    const first = await buildAudience(w, audience(), options);
    const alma = first.recipients.find((r) => r.row)!;
    await recordPlan(w, {
      audience: "proga-no-open-day",
      department: AO,
      campaign: "AO-2026-03-final",
      purpose: "marketing",
      plannedAt: PLANNED_AT,
      contactKeys: [alma.contact_key!],
    });
    // the same send built again is not counted against itself: one message in 7 days, not two, even at a cap of 1
    const again = await buildAudience(w, audience(), {
      ...options,
      outreach: { ...options.outreach, capPer7Days: 1 },
    });
    expect(again.recipients.find((r) => r.person_id === alma.person_id)?.removed).toBeNull();
    // the faculty's send a day later collides with the planned one
    const faculty = await buildAudience(w, audience({ department: FT }), {
      ...options,
      campaign: "FoT-2026-03-late",
      plannedAt: "2026-03-11 09:00:00",
    });
    expect(faculty.recipients.find((r) => r.person_id === alma.person_id)?.removed).toBe("collision");
    // and slm outreach check of a faculty file sees it too
    const check = await checkPlannedMailing(
      w,
      "faculty.csv",
      [
        {
          line: 2,
          contactId: "C-Alma",
          department: FT,
          campaign: "FoT-x",
          purpose: null,
          plannedAt: "2026-03-11 09:00:00",
        },
      ],
      options.outreach,
    );
    expect(check.issues).toMatchObject([{ contact_id: "C-Alma", collides_with: [AO] }]);
    expect(await reconcilePlans(w)).toMatchObject([
      {
        department: AO,
        campaign: "AO-2026-03-final",
        recipients: 1,
        planned_and_sent: 0,
        planned_not_sent: 1,
        sent_not_planned: 0,
      },
    ]);
    // the next mailing extract: the campaign went to Alma as planned, and to Cleo, whom the plan did not name
    await mailing(w, "Alma", { department: AO, campaign: "AO-2026-03-final", at: "2026-03-10 10:05:00" });
    await mailing(w, "Cleo", { department: AO, campaign: "AO-2026-03-final", at: "2026-03-10 10:05:00" });
    await buildAudienceModels(w);
    expect(await reconcilePlans(w)).toMatchObject([
      { recipients: 1, planned_and_sent: 1, planned_not_sent: 0, sent_not_planned: 1 },
    ]);
  });
  it("the raw step of an erasure removes the erased person's planned recipients", async () => {
    const planned = () => w.scalar<number>("SELECT count(*)::INTEGER FROM meta.planned_recipient");
    expect(await planned()).toBe(1);
    await w.run("INSERT INTO meta.erasure_list VALUES (system_key('crm', 'C-Alma'), 'record', 'e2', now())");
    await eraseRawRows(w, "e2");
    expect(await planned()).toBe(0);
  });
});

describe("gaps: consenting persons with an open question who got nothing in N days", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await modelWarehouse();
    // the reference date of modelWarehouse is 2026-11-23: inquiries in October belong to HT2027 (deadline 15 April)
    await inquirer(w, { person: "Ada", at: "2026-10-20 12:00:00" });
    await consent(w, "Ada", { given: "2026-10-20 12:00:00" });
    await inquirer(w, { person: "Ben", at: "2026-10-20 12:00:00" });
    await consent(w, "Ben", { given: "2026-10-20 12:00:00" });
    await mailing(w, "Ben", { department: AO, campaign: "AO-2026-11", at: "2026-11-03 10:00:00" });
    await inquirer(w, { person: "Cai", at: "2026-10-20 12:00:00" });
    await inquirer(w, { person: "Dan", at: "2026-10-20 12:00:00" });
    await consent(w, "Dan", { given: "2026-10-20 12:00:00" });
    await openDayRegistration(w, "Dan", "HT2027");
    // an inquiry of a closed cycle is no open question
    await inquirer(w, { person: "Eva" });
    await consent(w, "Eva");
    await buildAudienceModels(w);
  }, 120_000);
  afterAll(() => w.close());

  it("counts the open, the consenting and those left without mail", async () => {
    expect(await audienceGaps(w, "marketing", 30)).toEqual([
      {
        question: "inquired_no_open_day",
        programme_code: "PROGA",
        intake: "HT2027",
        persons_open: 3,
        with_consent: 2,
        nothing_in_days: 1,
      },
    ]);
    // over 10 days Ben's mail of 3 November is too old to count
    expect((await audienceGaps(w, "marketing", 10))[0]).toMatchObject({ nothing_in_days: 2 });
  });
});

describe("who: school, country group, alumni pools and modes", () => {
  let w: Warehouse;
  const config = parseConfig({});
  const options = {
    plannedAt: "2026-11-20 10:00:00",
    campaign: null,
    outreach: config.outreach,
    retention: config.retention,
    today: "2026-12-06",
  };
  const who = async (extra: Partial<Audience>) =>
    (await buildAudience(w, audience({ purpose: "none", ...extra }), options)).recipients
      .map((r) => r.row?.contact_id)
      .sort();

  beforeAll(async () => {
    w = await modelWarehouse();
    await inquirer(w, { person: "Sam", school: "111" });
    await inquirer(w, { person: "Tor", school: "222" });
    await inquirer(w, { person: "Uma", school: "111", country: "DE" });
    await alumnus(w, "Vera", [{ type: "guest_lecture", mode: "volunteer", on: "2026-05-01" }]);
    await alumnus(w, "Wim", [{ type: "event", mode: "experiential", on: "2024-05-01" }]);
    await buildAudienceModels(w);
  }, 120_000);
  afterAll(() => w.close());

  it("school and country group narrow the inquirers", async () => {
    const base = { reached: ["inquiry"], programme: ["PROGA"] } as Audience["who"];
    expect(await who({ who: { ...base, school: ["111"] } })).toEqual(["C-Sam", "C-Uma"]);
    expect(await who({ who: { ...base, school: ["111"], country_group: "domestic" } })).toEqual(["C-Sam"]);
    expect(await who({ who: { ...base, country_group: "international" } })).toEqual(["C-Uma"]);
  });

  it("alumni by pool (ever) and by CASE mode (the last 12 months)", async () => {
    const base = { reached: ["alumni_registered"], not_reached: [] } as unknown as Audience["who"];
    expect(await who({ who: base })).toEqual(["C-Vera", "C-Wim"]);
    expect(await who({ who: { ...base, alumni: { pool: ["guest_lecture"] } } })).toEqual(["C-Vera"]);
    expect(await who({ who: { ...base, alumni: { mode: ["experiential"] } } })).toEqual([]);
    expect(await who({ who: { ...base, alumni: { mode: ["volunteer"] } } })).toEqual(["C-Vera"]);
  });
});

describe("gaps: admitted without a reply", () => {
  let w: Warehouse;
  beforeAll(async () => {
    const key = randomBytes(32);
    w = await modelWarehouse({}, key);
    // as of 15 July 2026: HT2026's urval 1 (10 July) is out, its reply-by (29 July) not yet passed
    await registerModelFunctions(w, { key, config: parseConfig({}), referenceDate: "2026-07-15" });
    for (const person of ["Gil", "Hal", "Ivo"]) {
      await contact(w, { person });
      await consent(w, person);
    }
    await application(w, { person: "Gil", urval1: "Antagen", decision: "Antagen" });
    await application(w, {
      person: "Hal",
      urval1: "Antagen",
      decision: "Antagen",
      reply: "Tackat ja",
      repliedOn: "2026-07-12",
    });
    await application(w, { person: "Ivo", urval1: "Antagen", decision: "Antagen" });
    await mailing(w, "Ivo", { department: AO, campaign: "AO-2026-07", at: "2026-07-03 10:00:00" });
    await buildAudienceModels(w);
  }, 120_000);
  afterAll(() => w.close());

  it("counts the admitted who have not replied, and those of them nobody mailed", async () => {
    expect(await audienceGaps(w, "marketing", 30)).toEqual([
      {
        question: "admitted_no_reply",
        programme_code: "PROGA",
        intake: "HT2026",
        persons_open: 2,
        with_consent: 2,
        nothing_in_days: 1,
      },
    ]);
  });
});
