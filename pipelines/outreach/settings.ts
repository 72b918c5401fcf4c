import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

/**
 * The outreach settings as TEMP tables models can read: `slm_outreach` (caps and collision window, one
 * row) and `slm_outreach_purposes` (which consent purpose a department's or campaign's mail needs).
 */
export async function registerOutreachSettings(
  warehouse: Warehouse,
  outreach: Config["outreach"],
): Promise<void> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_outreach AS
     SELECT $1::INTEGER AS cap_per_7_days, $2::INTEGER AS cap_per_30_days,
            $3::DOUBLE AS collision_hours, $4::VARCHAR AS default_purpose`,
    [outreach.capPer7Days, outreach.capPer30Days, outreach.collisionHours, outreach.defaultPurpose],
  );
  const rows = [
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
  ];
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_outreach_purposes AS
     SELECT r.kind::VARCHAR AS kind, r.key::VARCHAR AS key, r.purpose::VARCHAR AS purpose
     FROM (SELECT unnest($1::JSON::STRUCT(kind VARCHAR, key VARCHAR, purpose VARCHAR)[]) AS r)`,
    [JSON.stringify(rows)],
  );
}
