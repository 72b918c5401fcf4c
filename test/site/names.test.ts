import { describe, expect, it } from "vitest";
import { programmeNamer, schoolNamer, words } from "../../src/components/names.js";

describe("names for codes from the published catalogues", () => {
  it("shows the catalogue's name with the code, the code alone where the catalogue has no name", () => {
    const name = programmeNamer([
      { programme_code: "P1101", programme_name: "Biology" },
      { programme_code: "P1102", programme_name: null },
    ]);
    expect(name("P1101")).toBe("Biology (P1101)");
    expect(name("P1102")).toBe("P1102");
    expect(name("X9")).toBe("X9");
    expect(name(null)).toBe(null);
  });

  it("reads the same without a catalogue", () => {
    expect(schoolNamer([])("S0101")).toBe("S0101");
    expect(schoolNamer(undefined)("S0101")).toBe("S0101");
  });

  it("writes a code no catalogue names as words", () => {
    expect(words("web_form")).toBe("web form");
    expect(words("fair")).toBe("fair");
    expect(words(null)).toBe(null);
  });
});
