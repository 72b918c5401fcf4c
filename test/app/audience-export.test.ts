import { describe, expect, it } from "vitest";
import { plannedMoment } from "../../app/audience-build.ts";
import { audienceCsv } from "../../app/audience-export.ts";

describe("an audience export", () => {
  it("writes cells a spreadsheet would run as formulas as text, and quotes what needs it", () => {
    const csv = audienceCsv(
      ["contact_id", "first_name", "last_name", "email", "language"],
      [
        {
          contact_id: "C1",
          first_name: "=HYPERLINK(1)",
          last_name: 'O"Brien, Jr',
          email: "a@b.se",
          language: "sv",
        },
      ],
    );
    expect(csv).toBe(
      '\uFEFFcontact_id,first_name,last_name,email,language\r\nC1,\'=HYPERLINK(1),"O""Brien, Jr",a@b.se,sv\r\n',
    );
  });

  it("reads the send time: a day alone is 09:00, an impossible one is refused", () => {
    expect(plannedMoment("2026-04-10")).toBe("2026-04-10 09:00:00");
    expect(plannedMoment("2026-04-10 14:30")).toBe("2026-04-10 14:30:00");
    expect(plannedMoment("2026-04-10T14:30:15")).toBe("2026-04-10 14:30:15");
    for (const bad of ["2026-02-30", "10/04/2026", "2026-04-10 25:00"])
      expect(() => plannedMoment(bad)).toThrow(/--date: expected YYYY-MM-DD/);
  });
});
