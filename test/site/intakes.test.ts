import { describe, expect, it } from "vitest";
import { newestFirst, openingIntake, previousIntake } from "../../src/components/intakes.js";

const manifest = {
  intakes: [
    { intake: "HT2025", start_on: "2025-09-01", deadline: "2025-04-15", previous_intake: "HT2024" },
    { intake: "VT2026", start_on: "2026-01-19", deadline: "2025-10-15", previous_intake: "VT2025" },
    { intake: "HT2026", start_on: "2026-08-31", deadline: "2026-04-15", previous_intake: "HT2025" },
    { intake: "2025-SEP", start_on: null, deadline: "2025-05-01", previous_intake: "2024-SEP" },
  ],
};

describe("intakes in the order they start", () => {
  it("sorts by the calendar's start date, not as text (VT2026 starts after HT2025)", () => {
    expect(newestFirst(manifest, ["HT2025", "VT2026", "HT2026", "HT2025"])).toEqual([
      "HT2026",
      "VT2026",
      "HT2025",
    ]);
  });

  it("falls back to the deadline without a start date, and puts intakes the calendar does not know last", () => {
    expect(newestFirst(manifest, ["X1", "2025-SEP", "HT2025"])).toEqual(["HT2025", "2025-SEP", "X1"]);
  });

  it("pairs an intake with the calendar's previous one", () => {
    expect(previousIntake(manifest, "HT2026")).toBe("HT2025");
    expect(previousIntake(manifest, "X1")).toBeNull();
  });

  it("opens on the newest intake with data and a previous cycle, not on one whose cycle has barely begun", () => {
    const intakes = ["HT2026", "VT2026", "HT2025"];
    // HT2026 has no applicants yet: VT2026 has some but no previous cycle in the list; HT2025 has both
    const applicants = new Set(["VT2026", "HT2025"]);
    expect(
      openingIntake(
        {
          intakes: [
            ...manifest.intakes,
            { intake: "HT2024", start_on: "2024-09-02", deadline: "2024-04-15", previous_intake: null },
          ],
        },
        [...intakes, "HT2024"],
        (i) => applicants.has(i),
      ),
    ).toBe("HT2025");
    // with no previous cycle anywhere, the newest with data; with no data at all, the newest
    expect(openingIntake({ intakes: [] }, intakes, (i) => applicants.has(i))).toBe("VT2026");
    expect(openingIntake(manifest, intakes, () => false)).toBe("HT2026");
  });
});
