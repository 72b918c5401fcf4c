import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PROJECT_ROOT, SITE_CACHE } from "./paths.ts";

const SPECIFIER = /["'`]npm:((?:@[\w.-]+\/)?[\w.-]+)(?:@([^/"'`]+))?/g;

function* jsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (name.endsWith(".js")) yield path;
  }
}

function installedVersion(name: string): string | null {
  try {
    const require = createRequire(join(PROJECT_ROOT, "package.json"));
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string })
      .version;
  } catch {
    return null;
  }
}

/**
 * Framework's own client code names optional libraries as `npm:` imports (JSX's react-dom, the
 * recommended libraries behind implicit globals, FileAttachment's parsers) and resolves their versions
 * against the npm registry while bundling, even when no page uses them. Seeding its version cache
 * (one empty `_npm/<name>@<version>` folder each) lets the build run with no network; our pages import
 * what they really use from node_modules, so these paths are never loaded.
 */
export function seedNpmVersionCache(): string[] {
  const require = createRequire(join(PROJECT_ROOT, "package.json"));
  const clientDir = join(require.resolve("@observablehq/framework/package.json"), "..", "dist", "client");
  const names = new Set<string>();
  for (const file of jsFiles(clientDir)) {
    for (const match of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      // An exact version is used as given; only unversioned names are looked up in the registry.
      if (!match[2] || !/^\d+\.\d+\.\d+/.test(match[2])) names.add(match[1]!);
    }
  }
  const seeded: string[] = [];
  for (const name of [...names].sort()) {
    const dir = join(SITE_CACHE, "_npm", `${name}@${installedVersion(name) ?? "0.0.0"}`);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      seeded.push(name);
    }
  }
  return seeded;
}
