// Prints the weight of every page of a built site, as a browser loads it from the given server module:
// `npx tsx test/site/measure-site.ts <site folder> [static-server.ts]` (the figures in the note).
import { pathToFileURL } from "node:url";
import siteConfig from "../../observablehq.config.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { measurePage } from "./page-weight.ts";

const [dir, serverModule = "../../app/site/static-server.ts"] = process.argv.slice(2);
const { serveStatic } = await import(
  serverModule.startsWith(".") ? serverModule : pathToFileURL(serverModule).href
);
const { server, url } = await serveStatic(dir, 0);
const browser = await launchBrowser();
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
console.log("page | transferred | uncompressed | data transferred | data uncompressed");
for (const page of siteConfig.pages) {
  const w = await measurePage(browser, `${url}${page.path.replace(/^\//, "")}`);
  console.log(
    `${page.path} | ${kb(w.transferred)} | ${kb(w.uncompressed)} | ${kb(w.dataTransferred)} | ${kb(w.dataUncompressed)}`,
  );
}
await browser.close();
server.close();
