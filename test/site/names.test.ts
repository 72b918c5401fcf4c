import { describe, expect, it } from "vitest";
import { programmeNamer, schoolNamer, shortLabel, words } from "../../src/components/names.js";

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

describe("shortLabel: long names cut at a word boundary", () => {
  it("leaves out whole words, never part of one, and keeps the code", () => {
    expect(shortLabel("Master's Programme in Business Administration (MABUS)", 34)).toBe(
      "Master's Programme in… (MABUS)",
    );
    expect(shortLabel("Högskoleingenjörsprogram i datateknik (HIDAT)", 34)).toBe(
      "Högskoleingenjörsprogram… (HIDAT)",
    );
    // what fits stays as it is
    expect(shortLabel("B Psychologie (56604)", 34)).toBe("B Psychologie (56604)");
    // a first word longer than the room is kept whole rather than cut in the middle
    expect(shortLabel("Systemvetenskapligtprogram extra (SYSVK)", 20)).toBe(
      "Systemvetenskapligtprogram… (SYSVK)",
    );
    // no code: the words alone; punctuation before the cut goes
    expect(shortLabel("Grundlärarprogram, förskoleklass och åk 1–3", 30)).toBe("Grundlärarprogram…");
    expect(shortLabel(null, 10)).toBe(null);
  });
});
