import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's chromium, headless and quiet: the machine has no network, so background services must stay off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
}

/** Records every console error, page error and failed or non-2xx request the page makes. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], failedRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.consoleErrors.push(error.message));
  page.on("requestfailed", (request) =>
    problems.failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ""}`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()} ${response.status()}`);
  });
  return problems;
}

/** The figures a page's sentences mark (data-figure), name to text as shown. */
export function readFigures(page: Page): Promise<Record<string, string>> {
  return page.$$eval("main [data-figure]", (elements) =>
    Object.fromEntries(
      elements.map((e) => [(e as HTMLElement).dataset.figure!, (e.textContent ?? "").trim()]),
    ),
  );
}

/** A table cell as drawn, with what the table component says of it (src/components/table.js). */
export interface CellReading {
  /** the table's place on the page and the row's in the table: "0:3" */
  row: string;
  text: string;
  shown: string;
  kind: string;
  table?: string;
  key?: string;
  column?: string;
  absent?: string;
  status?: string;
}

/** Every rendered cell of every table in the page's main part. */
export function readCells(page: Page): Promise<CellReading[]> {
  return page.$$eval("main table", (tables) =>
    tables.flatMap((table, t) =>
      Array.from(table.querySelectorAll("tbody tr")).flatMap((tr, r) =>
        Array.from(tr.querySelectorAll("td > [data-kind]")).map((cell) => ({
          row: `${t}:${r}`,
          text: (cell.textContent ?? "").trim(),
          ...((cell as HTMLElement).dataset as Record<string, string>),
        })),
      ),
    ),
  ) as Promise<CellReading[]>;
}
