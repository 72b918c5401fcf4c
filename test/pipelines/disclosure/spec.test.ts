import { describe, expect, it } from "vitest";
import { counts } from "../../../pipelines/disclosure/index.ts";

describe("counts", () => {
  it("is the plain count measures of its columns, in order", () => {
    expect(counts("admitted", "enrolled")).toEqual([
      { kind: "count", column: "admitted" },
      { kind: "count", column: "enrolled" },
    ]);
  });
});
