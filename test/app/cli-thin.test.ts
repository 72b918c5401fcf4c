import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/project.ts";

/**
 * The command line only parses, calls the application layer (app/) and prints: the warehouse's work (its SQL,
 * the order of a run's steps) lives below it, so bench/, tests and any other caller reach the same operations.
 */

const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|COPY)\b\s/;

function typescriptFiles(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

interface Scanned {
  /** The text of every string literal and template (its literal parts). */
  strings: string[];
  /** Every module a file imports (static or dynamic), resolved to a path from the repository's root. */
  imports: string[];
  /** The names it imports (`import { a, b as c }`: a and b). */
  names: string[];
}

function scan(file: string): Scanned {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(REPO_ROOT, file), "utf8"),
    ts.ScriptTarget.Latest,
  );
  const strings: string[] = [];
  const imports: string[] = [];
  const names: string[] = [];
  const resolveSpecifier = (specifier: string) =>
    specifier.startsWith(".") ? relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier)) : specifier;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const specifier = node.moduleSpecifier;
      if (specifier && ts.isStringLiteral(specifier)) imports.push(resolveSpecifier(specifier.text));
      const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : undefined;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
      }
      return;
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      imports.push(resolveSpecifier(node.arguments[0].text));
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.push(node.text);
    if (ts.isTemplateExpression(node)) {
      strings.push([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(" "));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { strings, imports, names };
}

const CLI = typescriptFiles("cli");

describe("the command line is thin", () => {
  it("finds the command files it checks", () => {
    expect(CLI).toContain("cli/commands/run.ts");
    expect(CLI.filter((file) => file.startsWith("cli/commands/")).length).toBeGreaterThanOrEqual(13);
  });

  it("holds no SQL: queries live in the application layer and below", () => {
    const withSql = CLI.flatMap((file) =>
      scan(file)
        .strings.filter((text) => SQL.test(text))
        .map((text) => `${file}: ${text.trim().split("\n")[0]}`),
    );
    expect(withSql).toEqual([]);
  });

  it("has no command importing another command: what two commands share is an app/ function", () => {
    const crossings = CLI.filter((file) => file.startsWith("cli/commands/")).flatMap((file) =>
      scan(file)
        .imports.filter((target) => target.startsWith("cli/commands/") && target !== file)
        .map((target) => `${file} -> ${target}`),
    );
    expect(crossings).toEqual([]);
  });

  it("the layers below it never import the command line", () => {
    const upward = ["app", "pipelines", "loaders", "warehouse", "demo", "bench"].flatMap((folder) =>
      typescriptFiles(folder).flatMap((file) =>
        scan(file)
          .imports.filter(
            (target) =>
              target.startsWith("cli/") && !(file.startsWith("bench/") && target === "cli/output.ts"),
          )
          .map((target) => `${file} -> ${target}`),
      ),
    );
    expect(upward).toEqual([]);
  });

  it("the bench runs the product's operations, not a run rebuilt by hand", () => {
    const byHand = ["runModels", "exportPublishTables", "registerModelFunctions", "ingestFiles", "buildSite"];
    const found = typescriptFiles("bench").flatMap((file) =>
      scan(file)
        .names.filter((name) => byHand.includes(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(found).toEqual([]);
  });
});
