import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    demoSiteRoot: string;
  }
}

/**
 * One folder per test run for the shared demo site (test/helpers/demo-site.ts). Only the folder is made
 * here: the site is built by the first test file that asks for it, so a run of unrelated files pays nothing.
 */
export default function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), "slm-shared-site-"));
  project.provide("demoSiteRoot", root);
  return () => rmSync(root, { recursive: true, force: true });
}
