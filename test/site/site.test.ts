import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import { launchBrowser, watchProblems } from "../helpers/browser.ts";
import { crmCsv, SLM_BIN, slm, tempProject } from "../helpers/project.ts";

const CHANNELS = ["web_form", "fair", "agent", "search"];

/** Enough contacts that most month x channel cells pass disclosure control. */
function demoRows(): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < 600; i++) {
    const month = String(1 + (i % 6)).padStart(2, "0");
    rows.push([
      `S${i}`,
      `C${i}`,
      "inquiry",
      `2026-${month}-10 10:00:00`,
      CHANNELS[i % 4]!,
      "",
      "SYSVK",
      "Test",
      `Person${i}`,
      `p${i}@example.se`,
      "",
      "SE",
      "",
    ]);
  }
  return rows;
}

/** The network is removed with a user namespace where the kernel allows it, to prove the build is offline. */
function offline(args: string[]): string[] {
  const probe = spawnSync("unshare", ["-rn", "true"]);
  return probe.status === 0
    ? ["unshare", "-rn", process.execPath, SLM_BIN, ...args]
    : [process.execPath, SLM_BIN, ...args];
}

describe("site", () => {
  let project: ReturnType<typeof tempProject>;
  let out: string;
  let offlineBuild: boolean;
  beforeAll(() => {
    project = tempProject();
    out = join(project.dir, "site");
    // an extract of 1 October 2026, built on a later day: every page says the data are as of that day
    const csv = join(project.dir, "crm_form_submissions_2026-10-01.csv");
    writeFileSync(csv, crmCsv(demoRows()));
    const step = (args: string[]) => {
      const result = slm(project.dir, args);
      if (result.code !== 0) throw new Error(`slm ${args.join(" ")}: ${result.stderr}`);
    };
    step(["init"]);
    // a Swedish institution: the pages write numbers as sv-SE does
    const configFile = join(project.dir, "slm.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    config.institution.locale = "sv-SE";
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    step(["ingest", csv]);
    step(["run"]);
    const [command, ...rest] = offline(["site", "build", "--out", out]);
    offlineBuild = command === "unshare";
    const build = spawnSync(command!, rest, { cwd: project.dir, encoding: "utf8", timeout: 180_000 });
    if (build.status !== 0) throw new Error(`site build failed:\n${build.stderr}`);
  }, 240_000);
  afterAll(() => project.remove());

  it("builds with the network unavailable", () => {
    expect(offlineBuild, "unshare -rn is needed to prove the build offline").toBe(true);
    expect(readdirSync(out)).toContain("index.html");
  });

  it("holds only the published aggregates: no name or e-mail from the input", () => {
    const texts = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(html|json|js|csv)$/.test(entry.name))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), "utf8"));
    const all = texts.join("\n");
    expect(all).not.toMatch(/p\d+@example\.se/);
    expect(all).not.toMatch(/Person\d+/);
  });

  it("says on every page which day its data are as of: the newest extract's date", () => {
    const pages = readdirSync(out).filter((name) => name.endsWith(".html") && name !== "404.html");
    expect(pages).toHaveLength(10);
    for (const page of pages) {
      expect(readFileSync(join(out, page), "utf8"), page).toContain("Data as of 2026-10-01");
    }
  });

  it("renders the home page chart in chromium with no console error or failed request", async () => {
    const { server, url } = await serveStatic(out, 0);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const problems = watchProblems(page);
      await page.goto(url, { waitUntil: "networkidle" });
      const chart = page.locator("figure svg, svg[aria-label]").first();
      await chart.waitFor({ timeout: 15_000 });
      expect(await page.locator("svg rect, svg path").count()).toBeGreaterThan(10);
      await expect(page.locator("main").textContent()).resolves.toMatch(/persons had reached/);
      await page.screenshot({ path: join(project.dir, "home.png") });
      expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    } finally {
      await browser.close();
      server.close();
    }
  });

  it("loads every other page with its content, and no console error or failed request", async () => {
    const { server, url } = await serveStatic(out, 0);
    const browser = await launchBrowser();
    try {
      for (const [path, content] of [
        ["funnel", /entered the funnel/],
        // 600 rows and a share written the Swedish way: "0,00 %" (comma, space before the sign)
        ["quality", /hold about 600 input rows; about \d+ \(\d+,\d\d\s%\)/],
        ["definitions", /Admit rate/],
        // the clock is past 5 November 2026: the extract is more than 35 days old on the day of the build
        ["quality", /The newest extract is dated 2026-10-01: \d+ days before this site was built/],
        [
          "quality",
          /Older than expected on the day this site was built \(\d{4}-\d\d-\d\d\): 1 of 1 extracts, all of them: the newest is dated 2026-10-01, \d+ days old/,
        ],
      ] as const) {
        const page = await browser.newPage();
        const problems = watchProblems(page);
        await page.goto(`${url}${path}`, { waitUntil: "networkidle" });
        await page.locator("table, svg").first().waitFor({ timeout: 15_000 });
        await expect(page.locator("main").textContent(), path).resolves.toMatch(content);
        expect(problems, path).toEqual({ consoleErrors: [], failedRequests: [] });
        await page.close();
      }
    } finally {
      await browser.close();
      server.close();
    }
  });
});
