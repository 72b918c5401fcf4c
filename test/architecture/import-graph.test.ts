import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// DESIGN §2: data flows files -> loaders -> warehouse -> pipelines -> publish -> site, and no import may
// point back up that flow. The rules are written per top-level folder, as the layers are.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Top-level folders that hold no source of a layer. */
const NOT_SOURCE = new Set(["test", "node_modules", "data", "docs", "dist"]);

interface Rule {
  /** The folder whose files the rule reads. `*` is every source folder but those in `except`. */
  from: string;
  except?: string[];
  /** Folders it may not import from; `*` is every folder but its own. */
  mayNotImport: string[];
  why: string;
}

const RULES: Rule[] = [
  {
    from: "identifiers",
    mayNotImport: ["*"],
    why: "the national-ID library is the bottom layer: loaders, demo and models all stand on it",
  },
  { from: "loaders", mayNotImport: ["pipelines"], why: "files are loaded before any model runs" },
  { from: "demo", mayNotImport: ["pipelines"], why: "the demo writes extracts, as an institution would" },
  {
    from: "warehouse",
    mayNotImport: ["loaders", "pipelines", "cli", "app", "demo", "bench"],
    why: "the DuckDB core serves every layer above it",
  },
  { from: "pipelines", mayNotImport: ["cli", "app", "bench"], why: "models know nothing of who runs them" },
  { from: "*", except: ["cli"], mayNotImport: ["cli"], why: "the command line is the outermost shell" },
];

/** Imports that break a rule today and are someone else's to remove: each must still be found, so the list only shrinks. */
const KNOWN: string[] = [];

/** The module specifiers a TypeScript file imports: static, type-only, re-exported and literal dynamic. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

function sourceFolders(): string[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !NOT_SOURCE.has(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function tsFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts") && !path.split("/").includes("node_modules"))
    .map((path) => join(folder, path));
}

interface Arrow {
  file: string;
  target: string;
}

/** Every relative import of every source file, as repository paths. */
function arrows(): Arrow[] {
  return sourceFolders().flatMap((folder) =>
    tsFiles(folder).flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), "utf8"))
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => ({ file, target: relative(ROOT, resolve(ROOT, dirname(file), specifier)) })),
    ),
  );
}

const top = (path: string) => path.split("/")[0] ?? path;

function breaks(rule: Rule, arrow: Arrow): boolean {
  const from = top(arrow.file);
  const to = top(arrow.target);
  if (from === to) return false;
  if (rule.from === "*" ? rule.except?.includes(from) : rule.from !== from) return false;
  return rule.mayNotImport.includes("*") || rule.mayNotImport.includes(to);
}

describe("import graph", () => {
  it("reads every kind of import", () => {
    const text = [
      'import { a } from "../x/a.ts";',
      'import type { B } from "./b.ts";',
      'export { c } from "../../y/c.ts";',
      'import "./side-effect.ts";',
      "// import { no } from './comment.ts';",
      'const d = await import("../z/d.ts");',
    ].join("\n");
    expect(importsOf(text)).toEqual(["../x/a.ts", "./b.ts", "../../y/c.ts", "./side-effect.ts", "../z/d.ts"]);
  });

  it("finds every folder a rule names, with files in it", () => {
    const folders = sourceFolders();
    for (const rule of RULES.filter((rule) => rule.from !== "*")) {
      expect(folders, rule.from).toContain(rule.from);
      expect(tsFiles(rule.from).length, rule.from).toBeGreaterThan(0);
    }
  });

  it("has no import that points back up the layers", () => {
    const all = arrows();
    expect(all.length).toBeGreaterThan(500);
    const broken = all.flatMap((arrow) =>
      RULES.filter((rule) => breaks(rule, arrow)).map(
        (rule) => `${arrow.file} -> ${arrow.target} (${rule.from} imports ${top(arrow.target)}: ${rule.why})`,
      ),
    );
    const known = (line: string) => KNOWN.some((entry) => line.startsWith(`${entry} `));
    expect(broken.filter((line) => !known(line))).toEqual([]);
    const gone = KNOWN.filter((entry) => !broken.some((line) => line.startsWith(`${entry} `)));
    expect(gone, "known exceptions that no longer occur: take them off KNOWN").toEqual([]);
  });
});
