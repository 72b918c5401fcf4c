import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import { launchBrowser, watchProblems } from "../helpers/browser.ts";
import { REPO_ROOT, SLM_BIN, slm, tempProject } from "../helpers/project.ts";

const PERSONS = 300;
const AO = "Admissions Office";
const FT = "Faculty of Technology";
const AR = "Alumni Relations";
const BOM = "\uFEFF";

/**
 * A CRM where every person gets the admissions mail of each month (on the 3rd), half of them the
 * faculty's the next day (a collision), a fifth five extra reminders in one March week (over the cap),
 * alumni relations mails a third in May and June; most persons consented to marketing and some withdrew.
 */
function extracts(dir: string): string[] {
  const contacts = ["ContactId,FirstName,LastName,Email,CreatedAt,ModifiedAt"];
  const mailings = ["MailingId,ContactId,Department,Campaign,Channel,SentAt"];
  const consents = ["ConsentId,ContactId,Purpose,LegalBasis,GivenAt,WithdrawnAt,ExpiresAt"];
  let m = 0;
  const mail = (contact: string, department: string, campaign: string, at: string) =>
    mailings.push(`M${++m},${contact},${department},${campaign},email,${at}`);
  for (let i = 0; i < PERSONS; i++) {
    const id = `C${i}`;
    contacts.push(`${id},Testfirst,Person${i},p${i}@example.se,2025-06-01 10:00:00,2025-06-01 10:00:00`);
    for (let month = 1; month <= 6; month++) {
      const mm = String(month).padStart(2, "0");
      mail(id, AO, `AO-2026-${mm}`, `2026-${mm}-03 09:00:00`);
      if (i % 2 === 0) mail(id, FT, `FoT-2026-${mm}`, `2026-${mm}-04 09:00:00`);
      if (i % 3 === 0 && month >= 5) mail(id, AR, `AR-2026-${mm}`, `2026-${mm}-20 09:00:00`);
    }
    if (i % 5 === 0)
      for (let r = 1; r <= 5; r++) mail(id, AO, `AO-2026-03-reminder-${r}`, `2026-03-0${3 + r} 15:00:00`);
    if (i % 4 !== 3) {
      const withdrawn = i % 8 === 0 ? `2026-0${2 + (i % 5)}-10 10:00:00` : "";
      consents.push(`K${i},${id},marketing,consent,2025-06-01 10:00:00,${withdrawn},2028-06-01 10:00:00`);
    }
    if (i % 3 === 0) consents.push(`A${i},${id},alumni_relations,legitimate_interest,2025-06-01 10:00:00,,`);
  }
  const files = {
    "crm_contacts_2026-07-01.csv": contacts,
    "crm_mailings_2026-07-01.csv": mailings,
    "crm_consents_2026-07-01.csv": consents,
  };
  return Object.entries(files).map(([name, lines]) => {
    const path = join(dir, name);
    writeFileSync(path, `${BOM}${lines.join("\r\n")}\r\n`);
    return path;
  });
}

describe("Outreach page", () => {
  const project = tempProject();
  const out = join(project.dir, "site");
  const artefacts = join(REPO_ROOT, "test-results");

  beforeAll(() => {
    const files = extracts(project.dir);
    for (const args of [["init"], ["ingest", ...files], ["run"]]) {
      const result = slm(project.dir, args);
      if (result.code !== 0) throw new Error(`slm ${args.join(" ")}: ${result.stderr}`);
    }
    const build = spawnSync(process.execPath, [SLM_BIN, "site", "build", "--out", out], {
      cwd: project.dir,
      encoding: "utf8",
      timeout: 180_000,
    });
    if (build.status !== 0) throw new Error(`site build failed:\n${build.stderr}`);
    mkdirSync(artefacts, { recursive: true });
  }, 300_000);
  afterAll(() => project.remove());

  it("publishes no name or e-mail from the extracts", () => {
    const texts = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(html|json|js)$/.test(entry.name))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), "utf8"))
      .join("\n");
    expect(texts).not.toMatch(/p\d+@example\.se|Person\d+|Testfirst/);
  });

  it("renders every chart, and each filter changes what is shown, with no console error or failed request", async () => {
    const { server, url } = await serveStatic(out, 0);
    const browser = await launchBrowser();
    try {
      for (const scheme of ["light", "dark"] as const) {
        const page = await browser.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        const problems = watchProblems(page);
        await page.goto(`${url}outreach`, { waitUntil: "networkidle" });
        const main = page.locator("main");
        await page.locator("svg[aria-label]").first().waitFor({ timeout: 15_000 });
        // pressure distribution, collisions calendar, overlap matrix, consent coverage, opt-out trend
        await expect(main.locator("svg[aria-label]").count()).resolves.toBeGreaterThanOrEqual(5);
        // 300 persons, 60 of them over the cap of 4 in some 7 days (the March reminders)
        await expect(main.locator(".lede").textContent()).resolves.toMatch(
          /Of 300 persons we mailed, 60 got more messages than the cap in some 7 days/,
        );

        const label = (prefix: string) =>
          main.locator(`svg[aria-label^="${prefix}"]`).first().getAttribute("aria-label");
        await main.getByLabel("30 days").check();
        await expect.poll(() => main.locator(".lede").textContent()).toMatch(/in some 30 days/);
        await expect.poll(() => label("Bar chart")).toMatch(/any 30 days/);

        const month = main.locator("select").first();
        await expect(label("Matrix")).resolves.toMatch(/in 2026-06/);
        await month.selectOption("2026-03");
        // the page re-renders after the input event: poll rather than read once (flaky under load)
        await expect.poll(() => label("Matrix")).toMatch(/in 2026-03/);

        const sender = main.locator("select").nth(1);
        await sender.selectOption(FT);
        await expect.poll(() => label("Line chart")).toMatch(/Faculty of Technology/);

        await expect(main.textContent()).resolves.toMatch(/Consent coverage/);
        await page.screenshot({ path: join(artefacts, `outreach-${scheme}.png`), fullPage: true });
        expect(problems, scheme).toEqual({ consoleErrors: [], failedRequests: [] });
        await page.close();
      }
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});
