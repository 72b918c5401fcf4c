import { describe, expect, it } from "vitest";
import { openDayEventTypes } from "../../../app/person.ts";
import { parseConfig } from "../../../warehouse/config.ts";

describe("which event types slm person shows as open days and trial lectures", () => {
  it("are the default stage rules' open day and trial lecture", () => {
    expect(openDayEventTypes(parseConfig({}).lifecycle)).toEqual(new Set(["open_day", "trial_lecture"]));
  });

  it("follow the institution's stage rules: a campus tour counted as an open day is one, a webinar counted as an inquiry is not", () => {
    const lifecycle = parseConfig({
      lifecycle: {
        registrations: { campus_tour: "open_day_registered", webinar: "inquiry" },
        checkins: { campus_tour: "open_day_attended" },
      },
    }).lifecycle;
    expect(openDayEventTypes(lifecycle)).toEqual(new Set(["campus_tour"]));
  });
});
