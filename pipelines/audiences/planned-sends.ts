/**
 * Planned sends: an exported audience recorded as the mail a department will send (meta.planned_send and
 * meta.planned_recipient, keyed by the recipients' pseudonymous CRM contact keys), so caps and collisions count it
 * before any extract shows it sent (outreach/planned-recipients.sql), and its reconciliation with the mail a later
 * extract shows sent.
 */
import { randomUUID } from "node:crypto";
import type { Warehouse } from "../../warehouse/connection.ts";
import { registerPlannedRecipients } from "../outreach/check.ts";

export interface PlanRecord {
  audience: string;
  department: string;
  campaign: string;
  purpose: string;
  plannedAt: string;
  contactKeys: string[];
}

/**
 * Records a plan in one transaction. A plan of the same department and campaign replaces the earlier one: it is
 * the same send, planned again. Returns the plan's id and how many earlier plans it replaced.
 */
export async function recordPlan(
  warehouse: Warehouse,
  plan: PlanRecord,
): Promise<{ plan_id: string; replaced: number }> {
  const planId = randomUUID();
  return warehouse.transaction(async () => {
    const earlier = await warehouse.all<{ plan_id: string }>(
      "SELECT plan_id FROM meta.planned_send WHERE department = $1 AND campaign = $2",
      [plan.department, plan.campaign],
    );
    for (const { plan_id } of earlier) {
      await warehouse.run("DELETE FROM meta.planned_recipient WHERE plan_id = $1", [plan_id]);
      await warehouse.run("DELETE FROM meta.planned_send WHERE plan_id = $1", [plan_id]);
    }
    const keys = [...new Set(plan.contactKeys)];
    await warehouse.run(
      "INSERT INTO meta.planned_send VALUES ($1, now(), $2, $3, $4, $5, $6::TIMESTAMP, $7)",
      [planId, plan.audience, plan.department, plan.campaign, plan.purpose, plan.plannedAt, keys.length],
    );
    await warehouse.run(
      `INSERT INTO meta.planned_recipient
       SELECT $1, unnest($2::VARCHAR[])`,
      [planId, `[${keys.map((key) => JSON.stringify(key)).join(",")}]`],
    );
    return { plan_id: planId, replaced: earlier.length };
  });
}

export interface PlanReconciliation {
  plan_id: string;
  audience: string;
  department: string;
  campaign: string;
  planned_at: string;
  recipients: number;
  /** Recipients a mailing extract shows the department's campaign sent to. */
  planned_and_sent: number;
  planned_not_sent: number;
  /** Persons the extract shows the department's campaign sent to who were not in the plan. */
  sent_not_planned: number;
}

/** Every recorded plan with its reconciliation against the mail the loaded extracts show sent. */
export async function reconcilePlans(warehouse: Warehouse): Promise<PlanReconciliation[]> {
  await registerPlannedRecipients(warehouse);
  return warehouse.all<PlanReconciliation>(
    `WITH per_plan AS (
       SELECT plan_id, count(*) FILTER (WHERE sent)::INTEGER AS planned_and_sent,
              count(*) FILTER (WHERE NOT sent)::INTEGER AS planned_not_sent
       FROM planned_recipients GROUP BY plan_id
     ),
     unplanned AS (
       SELECT s.plan_id, count(DISTINCT m.person_id)::INTEGER AS sent_not_planned
       FROM meta.planned_send AS s
       JOIN core.fct_mailings AS m ON m.department = s.department AND m.campaign = s.campaign
       WHERE m.person_id NOT IN (SELECT person_id FROM planned_recipients AS r
                                  WHERE r.plan_id = s.plan_id AND r.person_id IS NOT NULL)
       GROUP BY s.plan_id
     )
     SELECT s.plan_id, s.audience, s.department, s.campaign, strftime(s.planned_at, '%Y-%m-%d %H:%M:%S') AS planned_at,
            s.recipients, coalesce(p.planned_and_sent, 0) AS planned_and_sent,
            coalesce(p.planned_not_sent, 0) AS planned_not_sent, coalesce(u.sent_not_planned, 0) AS sent_not_planned
     FROM meta.planned_send AS s
     LEFT JOIN per_plan AS p USING (plan_id)
     LEFT JOIN unplanned AS u USING (plan_id)
     ORDER BY s.planned_at, s.department, s.campaign`,
  );
}
