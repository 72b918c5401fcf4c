import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONTACT_HEADER,
  casePersonnummer,
  hostileCases,
  luhnDigit,
  secretToken,
  type WrittenHostileFile,
  writeHostileFiles,
} from "../../bench/hostile-files.ts";
import { loadProfiles, matchProfile } from "../../loaders/profile.ts";

/** The safety probe's generator writes the files it claims: names, kinds, sizes and telling bytes. */
let root: string;
let written: WrittenHostileFile[];
const byId = (id: string) => {
  const file = written.find((w) => w.id === id);
  if (!file) throw new Error(`no case ${id}`);
  return file;
};
const bytesOf = (id: string) => readFileSync(byId(id).path);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "slm-hostile-"));
  written = await writeHostileFiles(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("hostile files", () => {
  it("writes every case it lists, each alone in its own folder, under the name it claims", () => {
    const cases = hostileCases();
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(written.map((w) => w.id)).toEqual(cases.map((c) => c.id));
    for (const w of written) {
      expect(readdirSync(join(root, w.id))).toEqual([w.name]);
      expect(w.path).toBe(join(root, w.id, w.name));
    }
  });

  it("names regular files so that a demo profile reads them, except the newline name", async () => {
    const profiles = await loadProfiles();
    for (const w of written.filter((x) => x.kind === "file" && x.id !== "newline-file-name")) {
      expect(matchProfile(profiles, w.path), w.name).not.toBeNull();
    }
    expect(byId("newline-file-name").name).toContain("\n");
    expect(byId("sql-file-name").name).toBe("crm_contacts_x'; DROP TABLE raw.x;--.csv");
    expect(byId("escape-file-name").name).toContain("\u001b[31m");
  });

  it("reports the sizes it wrote", () => {
    for (const w of written.filter((x) => x.kind === "file")) expect(lstatSync(w.path).size).toBe(w.bytes);
    expect(byId("empty").bytes).toBe(0);
    expect([...bytesOf("binary-small")]).toEqual([1, 2, 3, 4, 5]);
    expect(byId("binary-large").bytes).toBe(4 << 20);
    expect(byId("long-line-3mb").bytes).toBeGreaterThan(3_000_000);
  });

  it("writes the byte patterns each encoding case is about", () => {
    expect([...bytesOf("utf8-bom").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytesOf("utf8-no-bom").subarray(0, 9).toString()).toBe("ContactId");
    expect([...bytesOf("utf8-double-bom").subarray(0, 6)]).toEqual([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]);
    expect([...bytesOf("utf16le-bom").subarray(0, 4)]).toEqual([0xff, 0xfe, 0x43, 0x00]);
    expect([...bytesOf("utf16be-bom").subarray(0, 4)]).toEqual([0xfe, 0xff, 0x00, 0x43]);
    expect([...bytesOf("utf16le-no-bom").subarray(0, 2)]).toEqual([0x43, 0x00]);
    expect([...bytesOf("utf16be-no-bom").subarray(0, 2)]).toEqual([0x00, 0x43]);
    const cp1252 = bytesOf("cp1252-in-utf8-profile");
    expect(cp1252.some((b) => b >= 0x80 && b <= 0x9f)).toBe(true);
    expect(cp1252.includes(0x80)).toBe(true); // €
    const latin1 = bytesOf("latin1-in-utf8-profile");
    expect(latin1.includes(0xc5)).toBe(true); // Å
    expect(latin1.some((b) => b >= 0x80 && b <= 0x9f)).toBe(false);
    expect(bytesOf("invalid-utf8").includes(Buffer.from([0xc0, 0xaf]))).toBe(true);
    expect([...bytesOf("invalid-utf8").subarray(-2)]).toEqual([0xe2, 0x82]);
    expect(bytesOf("nul-in-field").includes(0)).toBe(true);
    expect([...bytesOf("xlsx-encrypted").subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    for (const id of ["xlsx-junk-zip", "xlsx-second-sheet", "xlsx-merged"])
      expect(bytesOf(id).subarray(0, 2).toString()).toBe("PK");
  });

  it("writes the line shapes it claims", () => {
    const text = (id: string) => bytesOf(id).toString("utf8");
    expect(text("cr-only")).not.toContain("\n");
    expect(text("cr-only").split("\r").length).toBeGreaterThan(3);
    expect(text("mixed-eol")).toMatch(/[^\r]\n/);
    expect(text("mixed-eol")).toContain("\r\n");
    expect(text("sep-line").startsWith("sep=;\r\n")).toBe(true);
    expect(text("header-only").split("\r\n").filter(Boolean)).toEqual([`\uFEFF${CONTACT_HEADER.join(",")}`]);
    const longest = (id: string) =>
      Math.max(
        ...text(id)
          .split("\r\n")
          .map((l) => l.length),
      );
    expect(longest("long-line-1mb")).toBeGreaterThan(1_000_000);
    expect(longest("long-line-3mb")).toBeGreaterThan(2 << 20);
    expect(text("all-bad-10000").trimEnd().split("\r\n")).toHaveLength(10_001);
    expect(text("totals-row").trimEnd().endsWith("Totalt,3")).toBe(true);
    expect(text("formula-injection")).toContain("=cmd|' /C calc'!A0");
    expect(text("wide-header").split("\r\n")[0]!.split(",")).toHaveLength(5000);
  });

  it("makes the symlink, FIFO and directories", () => {
    expect(readlinkSync(byId("symlink-passwd").path)).toBe("/etc/passwd");
    expect(lstatSync(byId("symlink-passwd").path).isSymbolicLink()).toBe(true);
    const fifo = byId("fifo");
    if (fifo.created) expect(lstatSync(fifo.path).isFIFO()).toBe(true);
    expect(lstatSync(byId("directory").path).isDirectory()).toBe(true);
    expect(hostileCases().find((c) => c.id === "fifo-arg")!.via).toBe("argument");
  });

  it("plants each case's secrets: a token in every data row and a valid personnummer", () => {
    const contacts = bytesOf("utf8-bom").toString("utf8");
    const token = secretToken("utf8-bom");
    expect(contacts.split(token)).toHaveLength(4); // in each of the 3 rows
    const pnr = casePersonnummer("utf8-bom");
    expect(contacts).toContain(pnr);
    const digits = pnr.replace("-", "");
    expect(luhnDigit(digits.slice(2, 11))).toBe(Number(digits[11]));
    expect(hostileCases().find((c) => c.id === "utf8-bom")!.secrets).toEqual([token, pnr]);
  });
});
