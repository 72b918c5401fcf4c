import { describe, expect, it } from "vitest";
import { stageCount } from "../../src/components/headline.js";

const margin = { ordering: "any", total_over: "programme_code" };
const funnel = [
  { ...margin, intake: "HT2026", stage: "application", persons: 205, persons_suppressed: false },
  { ...margin, intake: "HT2026", stage: "enrolled", persons: null, persons_suppressed: true },
];
const progress = [{ intake: "VT2027", stage: "application", weeks_to_deadline: 2, persons: 0 }];

describe("the headline's count of persons at a stage", () => {
  it("reads the funnel's margin row as of the reference date, and null for a suppressed count", () => {
    expect(stageCount({ funnel, progress }, { intake: "HT2026", stage: "application" })).toEqual({
      persons: 205,
      suppressed: false,
      source: "funnel",
    });
    expect(stageCount({ funnel, progress }, { intake: "HT2026", stage: "enrolled" }).persons).toBeNull();
  });

  it("gives 0 for an intake with no cohort in the funnel, not the marker of 1 to 4 persons", () => {
    // VT2027 two weeks before its deadline: nobody in its cohort yet, so the funnel has no row of it
    expect(stageCount({ funnel, progress }, { intake: "VT2027", stage: "application" })).toEqual({
      persons: 0,
      suppressed: false,
      source: "funnel",
    });
  });

  it("reads a week of the cycle from the progress, and null where that week was not measured", () => {
    expect(
      stageCount({ funnel, progress }, { intake: "VT2027", stage: "application", weeks: 2 }).persons,
    ).toBe(0);
    expect(
      stageCount({ funnel, progress }, { intake: "VT2027", stage: "application", weeks: 9 }).persons,
    ).toBeNull();
  });
});
