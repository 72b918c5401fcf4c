import { siteFooter } from "./app/site/footer.ts";
import { LOADER_INTERPRETERS } from "./app/site/run-loaders.ts";

// Observable Framework configuration. The site must build and render with no network (DESIGN §8):
// pages import their libraries from node_modules, and nothing is fetched from a CDN or font service.
import { dataAsOfHeader } from "./pipelines/published.ts";

export default {
  root: "src",
  // `slm site build --out` (and the tests) build elsewhere without touching the user's dist/.
  output: process.env.SLM_SITE_OUT ?? "dist",
  title: "Student lifecycle",
  pages: [
    { name: "Overview", path: "/" },
    { name: "Funnel", path: "/funnel" },
    { name: "Open days and trial lectures", path: "/open-days" },
    { name: "Channels and campaigns", path: "/channels" },
    { name: "Cohorts", path: "/cohorts" },
    { name: "Schools of origin", path: "/schools" },
    { name: "Alumni", path: "/alumni" },
    { name: "Outreach", path: "/outreach" },
    { name: "Data quality", path: "/quality" },
    { name: "Definitions", path: "/definitions" },
  ],
  // Themes and the Inputs styles come from src/style.css.
  style: "style.css",
  // The default pulls Source Serif from Google Fonts; system fonts keep the site self-contained.
  globalStylesheets: [],
  // An inline icon, so browsers do not request a /favicon.ico that does not exist.
  head: '<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 16 16%22%3E%3Crect width=%2216%22 height=%2216%22 rx=%223%22 fill=%22%234269d0%22/%3E%3C/svg%3E">',
  search: false,
  // The data loaders run as `slm site build` runs them ahead of Framework (app/site/run-loaders.ts).
  interpreters: LOADER_INTERPRETERS,
  // Every page says which day its figures are as of: the run's reference date, from the release read.
  header: dataAsOfHeader(),
  footer: siteFooter(),
};
