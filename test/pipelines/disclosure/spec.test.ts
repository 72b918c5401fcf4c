import { describe, expect, it } from "vitest";
import { counts, definePublishTable } from "../../../pipelines/disclosure/index.ts";

describe("counts", () => {
  it("is the plain count measures of its columns, in order", () => {
    expect(counts("admitted", "enrolled")).toEqual([
      { kind: "count", column: "admitted" },
      { kind: "count", column: "enrolled" },
    ]);
    const spec = definePublishTable({
      name: "pub_x",
      grain: "programme",
      source: "marts.x",
      dimensions: ["programme"],
      measures: [
        ...counts("admitted", "enrolled"),
        { kind: "rate", name: "y", numerator: "enrolled", denominator: "admitted" },
      ],
    });
    expect(spec.measures.map((m) => m.kind)).toEqual(["count", "count", "rate"]);
  });
});
