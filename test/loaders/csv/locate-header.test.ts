import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateHeader } from "../../../loaders/csv/locate-header.ts";

const NAMES = ["Ladok-UID", "Personnummer", "Förnamn", "Efternamn"];
const COMMA = { line: 1, delimiter: "," };

describe("locateHeader", () => {
  it("keeps the profile's place when it holds any of the profile's names", () => {
    // one name is enough: the column mapping reports the others as missing
    expect(
      locateHeader(["Ladok-UID,x,y", "Ladok-UID;Personnummer;Förnamn;Efternamn"], COMMA, '"', NAMES),
    ).toEqual(COMMA);
  });

  it("finds a header split by another delimiter, or on another line", () => {
    expect(locateHeader(["Ladok-UID;Personnummer;Förnamn;Efternamn", "U1;1;A;B"], COMMA, '"', NAMES)).toEqual(
      {
        line: 1,
        delimiter: ";",
      },
    );
    const report = ["Rapport", "Körd: 2025", "Urval", "U1;1;A;B"];
    expect(locateHeader(["Ladok-UID;Personnummer", "U1;1"], { line: 4, delimiter: ";" }, '"', NAMES)).toEqual(
      {
        line: 1,
        delimiter: ";",
      },
    );
    expect(
      locateHeader(
        [...report.slice(0, 3), "Antal: 1", "Ladok-UID\tFörnamn", "U1\tA"],
        { line: 4, delimiter: ";" },
        '"',
        NAMES,
      ),
    ).toEqual({ line: 5, delimiter: "\t" });
  });

  it("takes no place that holds fewer than half the names, or that ties with another", () => {
    const declared = { line: 2, delimiter: "," };
    expect(locateHeader(["Personnummer;x", "a,b"], declared, '"', NAMES)).toEqual(declared);
    expect(
      locateHeader(["Personnummer;Förnamn", "a,b", "Ladok-UID|Efternamn"], declared, '"', NAMES),
    ).toEqual(declared);
    // a file with no line at the profile's place
    expect(locateHeader([], declared, '"', NAMES)).toEqual(declared);
    // with no names (a reader without a profile) nothing moves
    expect(locateHeader(["a;b"], declared, '"', [])).toEqual(declared);
  });

  it("does not look above Excel's sep= line or more than ten lines below the profile's", () => {
    const header = "Ladok-UID;Personnummer;Förnamn;Efternamn";
    expect(locateHeader([header, "x"], { line: 2, delimiter: "," }, '"', NAMES, 2)).toEqual({
      line: 2,
      delimiter: ",",
    });
    const lines = [...Array.from({ length: 14 }, (_, i) => `report line ${i + 1}`), header];
    expect(locateHeader(lines, { line: 4, delimiter: ";" }, '"', NAMES).line).toBe(4);
    expect(locateHeader(lines, { line: 5, delimiter: ";" }, '"', NAMES).line).toBe(15);
  });

  it("finds the profile's names wherever they are put, in any order, quoted or not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.constantFrom(",", ";", "\t", "|"),
        fc.shuffledSubarray(NAMES, { minLength: 2 }),
        fc.boolean(),
        (line, delimiter, names, quoted) => {
          const cells = [...names, "Extra"].map((name) => (quoted ? `"${name}"` : name));
          const lines = [
            ...Array.from({ length: line - 1 }, (_, i) => `Rapport ${i}: urval`),
            cells.join(delimiter),
            ["U1", "1", "A", "B"].join(delimiter),
          ];
          expect(locateHeader(lines, { line: 1, delimiter: "," }, '"', NAMES)).toEqual(
            line === 1 && delimiter === "," ? { line: 1, delimiter: "," } : { line, delimiter },
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
