import type { Browser } from "playwright-core";

export interface PageWeight {
  /** Bytes on the wire: response bodies as sent (compressed when the server compressed them). */
  transferred: number;
  /** The same bodies decoded. */
  uncompressed: number;
  /** Of which the page's data files (/_file/). */
  dataTransferred: number;
  dataUncompressed: number;
  requests: number;
  /** Text responses sent without Content-Encoding. */
  uncompressedText: string[];
}

/** Opens `url` in a fresh browser context (nothing cached) and adds up every response it loads. */
export async function measurePage(browser: Browser, url: string): Promise<PageWeight> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  const pending: Promise<void>[] = [];
  const weight: PageWeight = {
    transferred: 0,
    uncompressed: 0,
    dataTransferred: 0,
    dataUncompressed: 0,
    requests: 0,
    uncompressedText: [],
  };
  tab.on("requestfinished", (request) => {
    pending.push(
      (async () => {
        const response = await request.response();
        if (!response) return;
        const [sizes, body, headers] = await Promise.all([
          request.sizes(),
          response.body(),
          response.allHeaders(),
        ]);
        const isData = /\/_file\//.test(request.url());
        weight.requests++;
        weight.transferred += sizes.responseBodySize;
        weight.uncompressed += body.length;
        if (isData) {
          weight.dataTransferred += sizes.responseBodySize;
          weight.dataUncompressed += body.length;
        }
        if (/text|json|javascript|svg/.test(headers["content-type"] ?? "") && !headers["content-encoding"]) {
          weight.uncompressedText.push(request.url());
        }
      })(),
    );
  });
  await tab.goto(url, { waitUntil: "networkidle" });
  await tab.locator("main h1").first().waitFor({ timeout: 20_000 });
  await Promise.all(pending);
  await context.close();
  return weight;
}
