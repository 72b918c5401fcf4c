import type { Config } from "../../warehouse/config.ts";
import type { SettingsTable } from "../settings.ts";

/**
 * The outreach settings models read: `slm_outreach` (caps and collision window, one row) and
 * `slm_outreach_purposes` (which consent purpose a department's or campaign's mail needs).
 */
export function outreachSettings(outreach: Config["outreach"]): SettingsTable[] {
  return [
    {
      name: "slm_outreach",
      columns: {
        cap_per_7_days: "INTEGER",
        cap_per_30_days: "INTEGER",
        collision_hours: "DOUBLE",
        default_purpose: "VARCHAR",
      },
      rows: [
        {
          cap_per_7_days: outreach.capPer7Days,
          cap_per_30_days: outreach.capPer30Days,
          collision_hours: outreach.collisionHours,
          default_purpose: outreach.defaultPurpose,
        },
      ],
    },
    {
      name: "slm_outreach_purposes",
      columns: { kind: "VARCHAR", key: "VARCHAR", purpose: "VARCHAR" },
      rows: [
        ...Object.entries(outreach.departmentPurposes).map(([key, purpose]) => ({
          kind: "department",
          key,
          purpose,
        })),
        ...Object.entries(outreach.campaignPurposes).map(([key, purpose]) => ({
          kind: "campaign",
          key,
          purpose,
        })),
      ],
    },
  ];
}
