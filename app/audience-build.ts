import {
  type AudienceBuild,
  buildAudience,
  REMOVAL_REASONS,
  type RemovalReason,
} from "../pipelines/audiences/build.ts";
import { type Audience, AudienceError, readAudience } from "../pipelines/audiences/definition.ts";
import { recordPlan } from "../pipelines/audiences/planned-sends.ts";
import { audit } from "../warehouse/audit.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { audienceCsv, checkOut, writeAudienceCsv, writeAudienceSummary } from "./audience-export.ts";
import { RequestError } from "./errors.ts";
import { withBuiltTables } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";
import { retentionDate } from "./retention-date.ts";

export interface AudienceBuildOptions {
  /** The CSV to write (and `<out>.summary.json` beside it); none: counts only. */
  out?: string | undefined;
  /** When the mail goes out: YYYY-MM-DD (09:00) or YYYY-MM-DD HH:MM[:SS]; default the reference date, 09:00. */
  date?: string | undefined;
  campaign?: string | undefined;
  /** Record the export as a planned send of the audience's department in `campaign` on `date`. */
  plan?: boolean;
}

/** What a build reports: counts and settings only, never a person; the sidecar summary holds the same. */
export interface AudienceBuildResult {
  audience: string;
  department: string;
  purpose: string;
  campaign: string | null;
  planned_at: string;
  reference_date: string;
  resolved: number;
  exported: number;
  removed: Record<RemovalReason, number>;
  caps: { per_7_days: number; per_30_days: number; collision_hours: number };
  quiet_days: number | null;
  columns: string[];
  out: string | null;
  summary: string | null;
  plan_id: string | null;
  /** Earlier plans of the same department and campaign this plan replaced. */
  replaced_plans: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The send time as a timestamp; a day alone is 09:00 of it, the working morning mail goes out. */
export function plannedMoment(value: string): string {
  const day = DAY.test(value) ? value : MOMENT.exec(value)?.[1];
  const at = DAY.test(value) ? `${value} 09:00:00` : value.replace("T", " ").replace(/^(.{16})$/, "$1:00");
  const parsed = day ? new Date(`${at.replace(" ", "T")}Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== at.replace(" ", "T"))
    throw new RequestError(`--date: expected YYYY-MM-DD or YYYY-MM-DD HH:MM, got "${value}"`);
  return at;
}

const NEEDED = [
  ["identity", "person_registry"],
  ["staging", "stg_crm__contacts"],
  ["core", "fct_lifecycle_events"],
  ["core", "int_inquiry_intakes"],
  ["core", "fct_mailings"],
  ["core", "fct_consents"],
  ["core", "dim_person_school"],
  ["core", "fct_alumni"],
  ["staging", "stg_alumni__members"],
  ["staging", "stg_linkedin__connections"],
] as const;

function readDefinition(loaded: LoadedConfig, name: string): Audience {
  try {
    return readAudience(loaded.root, name);
  } catch (error) {
    if (error instanceof AudienceError) throw new RequestError(error.message, error.message.includes("\n"));
    throw error;
  }
}

function exportColumns(audience: Audience): string[] {
  return ["contact_id", "first_name", "last_name", "email", "language", ...audience.columns];
}

function report(
  loaded: LoadedConfig,
  audience: Audience,
  built: AudienceBuild,
  settings: { campaign: string | null; plannedAt: string; referenceDate: string; out: string | null },
): AudienceBuildResult {
  const { outreach } = loaded.config;
  return {
    audience: audience.name,
    department: audience.department,
    purpose: audience.purpose,
    campaign: settings.campaign,
    planned_at: settings.plannedAt,
    reference_date: settings.referenceDate,
    resolved: built.resolved,
    exported: built.exported,
    removed: built.removed,
    caps: {
      per_7_days: outreach.capPer7Days,
      per_30_days: outreach.capPer30Days,
      collision_hours: outreach.collisionHours,
    },
    quiet_days: audience.quiet_days ?? null,
    columns: exportColumns(audience),
    out: settings.out,
    summary: null,
    plan_id: null,
    replaced_plans: 0,
  };
}

/** The audit entry: who built which audience, with counts; never a person or a value of theirs. */
async function auditBuild(
  warehouse: Warehouse,
  result: AudienceBuildResult,
  planned: boolean,
): Promise<void> {
  await audit(warehouse, planned ? "audience plan" : "audience build", {
    audience: result.audience,
    department: result.department,
    campaign: result.campaign,
    planned_at: result.planned_at,
    resolved: result.resolved,
    exported: result.exported,
    ...Object.fromEntries(REMOVAL_REASONS.map((reason) => [`removed_${reason}`, result.removed[reason]])),
    wrote_file: result.out ? 1 : 0,
  });
}

/**
 * `slm audience build` and `slm audience plan`: an audience file resolved against the built warehouse, less whom
 * it may not mail (counted by reason), written as a CSV for the mailing tool with a summary beside it, and with
 * `plan`, recorded as the department's planned send. Local, audited, never published.
 */
export async function audienceBuild(
  loaded: LoadedConfig,
  name: string,
  options: AudienceBuildOptions = {},
  onProgress: Progress = silent,
): Promise<AudienceBuildResult> {
  const audience = readDefinition(loaded, name);
  if (options.plan && !options.campaign)
    throw new RequestError("--campaign: a planned send names its campaign");
  if (options.plan && !options.date) throw new RequestError("--date: a planned send names its day");
  const out = options.out ? checkOut(options.out) : null;
  const explicit = options.date ? plannedMoment(options.date) : null;
  return withBuiltTables(
    loaded,
    NEEDED,
    async (warehouse, context) => {
      const referenceDate = context.referenceDate!.date;
      const plannedAt = explicit ?? `${referenceDate} 09:00:00`;
      const campaign = options.campaign ?? null;
      const built = await buildAudience(warehouse, audience, {
        plannedAt,
        campaign,
        outreach: loaded.config.outreach,
        retention: loaded.config.retention,
        today: retentionDate(undefined),
      });
      const result = report(loaded, audience, built, { campaign, plannedAt, referenceDate, out });
      onProgress(
        `${audience.name}: ${built.resolved} resolved, ${built.exported} to mail, ${built.resolved - built.exported} left out`,
      );
      // the file first: a plan is recorded only for a list the mailing tool has
      if (out) {
        const rows = built.recipients
          .flatMap((r) => (r.row ? [r.row] : []))
          .sort((a, b) => (a.contact_id < b.contact_id ? -1 : a.contact_id > b.contact_id ? 1 : 0));
        writeAudienceCsv(out, audienceCsv(exportColumns(audience), rows));
      }
      if (options.plan) {
        const kept = built.recipients.filter((r) => r.row !== null);
        const plan = await recordPlan(warehouse, {
          audience: audience.name,
          department: audience.department,
          campaign: campaign!,
          purpose: audience.purpose,
          plannedAt,
          contactKeys: kept.map((r) => r.contact_key!),
        });
        result.plan_id = plan.plan_id;
        result.replaced_plans = plan.replaced;
      }
      if (out) {
        const { summary: _none, ...counts } = result;
        result.summary = writeAudienceSummary(out, counts);
      }
      await auditBuild(warehouse, result, options.plan ?? false);
      return result;
    },
    { models: true, onProgress },
  );
}
