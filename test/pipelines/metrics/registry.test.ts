import { describe, expect, it } from "vitest";
import { METRIC_REGISTRY, metric } from "../../../pipelines/metrics/registry.ts";

describe("metric registry", () => {
  it("defines every metric of DESIGN §6 once, each rate with a numerator and a denominator", () => {
    expect([...METRIC_REGISTRY.keys()].sort()).toEqual(
      [
        "acceptance_yield",
        "active_alumni_share",
        "admit_rate",
        "alumni_engagement_score",
        "application_rate",
        "bounce_rate",
        "contact_pressure",
        "contact_collision",
        "consent_coverage_at_send",
        "consent_valid_now",
        "opt_out_rate",
        "cumulative_conversion",
        "cycle_progress",
        "dropout",
        "enrolment_forecast",
        "event_lift",
        "first_year_credits",
        "forecast_coverage",
        "forecast_mape",
        "further_study",
        "graduation_nominal",
        "graduation_nominal_plus_1",
        "last_channel_conversion",
        "melt",
        "next_step_conversion",
        "open_day_no_show_rate",
        "predicted_turnout",
        "progression",
        "school_performance",
        "study_break",
        "throughput",
        "turnout_coverage",
        "yield",
      ].sort(),
    );
    for (const m of METRIC_REGISTRY.values()) {
      if (m.kind === "rate") expect(m.denominator.length, m.id).toBeGreaterThan(5);
    }
  });

  it("refuses an unknown metric by name", () => {
    expect(() => metric("conversion")).toThrow('unknown metric "conversion"');
    expect(metric("admit_rate").denominator).toMatch(/withdrawn and invalid applications excluded/);
  });
});
