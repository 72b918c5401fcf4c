import { describe, expect, it, vi } from "vitest";
import { getContract } from "../../loaders/contracts.ts";
import { LoadError } from "../../loaders/errors.ts";
import { openScan } from "../../loaders/open-scan.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

// The workbook reader's scratch copy fails as a full disk would, and once as a broken file would.
vi.mock("../../loaders/xlsx/xlsx-scan.ts", () => ({
  openXlsxScan: vi.fn(async (path: string) => {
    if (path.includes("broken")) throw new Error("invalid zip");
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  }),
}));

const profile = (await loadProfiles()).get("demo-alumni-members")!;

describe("openScan", () => {
  const contract = getContract(profile.contract);
  const warehouse = undefined as unknown as Warehouse;

  it("reports a working copy that cannot be written as the scratch disk's fault, naming the extract", async () => {
    const failure = await openScan(warehouse, "/in/members.xlsx", "members.xlsx", profile, contract).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LoadError);
    expect(String(failure)).toMatch(/members\.xlsx: could not write its working copy in .*no space left/);
  });

  it("passes any other failure on as it is", async () => {
    await expect(openScan(warehouse, "/in/broken.xlsx", "broken.xlsx", profile, contract)).rejects.toThrow(
      /^invalid zip$/,
    );
  });
});
