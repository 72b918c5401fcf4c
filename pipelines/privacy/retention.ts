import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { qualified, quoteIdent } from "../../warehouse/sql.ts";

type Category = keyof Config["retention"]["categories"];

interface CategoryRule {
  table: string;
  /** SQL over the raw row: the date its period runs from (NULL: not yet running). */
  since: string;
  action: "delete" | "anonymise";
  /** For "anonymise": the clear-text columns blanked; the row and its system id stay. */
  columns?: string[];
}

/**
 * Which raw rows each data category is, and what expiry does to them. A consent runs from its end
 * (withdrawn or expired), so a consent still in force never expires; a contact's details run from the
 * contact's last change, and expiry blanks them but keeps the contact (its mail and forms stay countable).
 */
/** When the file a raw.quarantined_lines row came from was loaded. */
const FILE_LOADED = `(SELECT m.finished_at FROM meta.load_manifest AS m WHERE m.file_id = quarantined_lines._file_id)`;

export const CATEGORY_RULES: Record<Category, CategoryRule> = {
  mailings: { table: "crm__mailings", since: "sent_at", action: "delete" },
  form_submissions: { table: "crm__form_submissions", since: "submitted_at", action: "delete" },
  event_registrations: { table: "crm__event_registrations", since: "registered_at", action: "delete" },
  checkins: { table: "checkin__checkins", since: "checked_in_at", action: "delete" },
  consents: { table: "crm__consents", since: "coalesce(withdrawn_at, expires_at)", action: "delete" },
  linkedin_connections: { table: "linkedin__connections", since: "connected_on", action: "delete" },
  contact_details: {
    table: "crm__contacts",
    since: "coalesce(modified_at, created_at)",
    action: "anonymise",
    columns: ["first_name", "last_name", "email", "phone", "birth_date", "personal_number"],
  },
  // A quarantined line's clear text (never typed, so it has no date of its own) runs from its file's load.
  quarantined_lines: { table: "quarantined_lines", since: FILE_LOADED, action: "delete" },
};

export interface RetentionItem {
  /** a data category, or `purpose:<purpose>` */
  category: string;
  raw_table: string;
  action: "delete" | "anonymise";
  period_days: number;
  rows: number;
}

interface Rule {
  category: string;
  table: string;
  action: "delete" | "anonymise";
  days: number;
  /** SQL true for an expired row; $1 is the as-of date, $2 the period in days, $3 `third`. */
  expired: string;
  /** The purpose, or the raw table whose quarantined lines are due. */
  third?: string;
  columns?: string[];
}

// The purpose a raw mailing needs, by the same precedence as core.fct_mailings: the longest matching
// campaign prefix, then the department, then the default (slm_outreach tables, registered per run).
const MAILING_PURPOSE = `coalesce(
  (SELECT p.purpose FROM slm_outreach_purposes AS p
    WHERE p.kind = 'campaign' AND starts_with(trim(campaign), p.key) ORDER BY length(p.key) DESC, p.key LIMIT 1),
  (SELECT p.purpose FROM slm_outreach_purposes AS p WHERE p.kind = 'department' AND p.key = trim(department)),
  (SELECT default_purpose FROM slm_outreach))`;

function rules(retention: Config["retention"]): Rule[] {
  const out: Rule[] = [];
  const before = (since: string) => `(${since}) < $1::DATE - to_days($2::INTEGER)`;
  for (const [category, days] of Object.entries(retention.categories)) {
    if (days === undefined) continue;
    const rule = CATEGORY_RULES[category as Category];
    out.push({
      category,
      table: rule.table,
      action: rule.action,
      days,
      expired: before(rule.since),
      ...(rule.columns ? { columns: rule.columns } : {}),
    });
    // The quarantined lines of a category's files hold the same clear text as its rows: kept no longer
    // than the rows, counted from the file's load (a row's own date is never later than that).
    if (rule.table !== "quarantined_lines") {
      out.push({
        category,
        table: "quarantined_lines",
        action: "delete",
        days,
        expired: `_file_id IN (SELECT m.file_id FROM meta.load_manifest AS m
                                WHERE m.raw_table = $3 AND ${before("m.finished_at")})`,
        third: `raw.${rule.table}`,
      });
    }
  }
  for (const [purpose, days] of Object.entries(retention.purposes)) {
    if (days === undefined) continue;
    out.push({
      category: `purpose:${purpose}`,
      table: "crm__consents",
      action: "delete",
      days,
      third: purpose,
      expired: `purpose = $3 AND ${before(CATEGORY_RULES.consents.since)}`,
    });
    out.push({
      category: `purpose:${purpose}`,
      table: "crm__mailings",
      action: "delete",
      days,
      third: purpose,
      expired: `${MAILING_PURPOSE} = $3 AND ${before("sent_at")}`,
    });
  }
  return out;
}

function condition(rule: Rule): string {
  // An anonymised row has nothing left to blank, so it is not due again.
  const pending = rule.columns?.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(" OR ");
  return pending ? `(${rule.expired}) AND (${pending})` : rule.expired;
}

function params(rule: Rule, asOf: string): (string | number)[] {
  return rule.third ? [asOf, rule.days, rule.third] : [asOf, rule.days];
}

/** What the configured periods make due as of a date: counts per category and raw table. */
export async function retentionDue(
  warehouse: Warehouse,
  retention: Config["retention"],
  asOf: string,
): Promise<RetentionItem[]> {
  const items: RetentionItem[] = [];
  for (const rule of rules(retention)) {
    if (!(await warehouse.tableExists("raw", rule.table))) continue;
    const sql = condition(rule);
    const bound = params(rule, asOf);
    const rows = Number(
      await warehouse.scalar(`SELECT count(*) FROM ${qualified("raw", rule.table)} WHERE ${sql}`, bound),
    );
    items.push({
      category: rule.category,
      raw_table: `raw.${rule.table}`,
      action: rule.action,
      period_days: rule.days,
      rows,
    });
  }
  return items;
}

/**
 * Deletes or anonymises every due row in raw, in one transaction, and logs counts per category in
 * meta.retention_log (never the rows). Derived tables and published files follow on the next rebuild.
 */
export async function applyRetention(
  warehouse: Warehouse,
  retention: Config["retention"],
  asOf: string,
): Promise<RetentionItem[]> {
  return warehouse.transaction(async () => {
    const done: RetentionItem[] = [];
    for (const rule of rules(retention)) {
      if (!(await warehouse.tableExists("raw", rule.table))) continue;
      const sql = condition(rule);
      const bound = params(rule, asOf);
      const target = qualified("raw", rule.table);
      const rows = Number(await warehouse.scalar(`SELECT count(*) FROM ${target} WHERE ${sql}`, bound));
      if (rows > 0) {
        const change =
          rule.action === "delete"
            ? `DELETE FROM ${target} WHERE ${sql}`
            : `UPDATE ${target} SET ${(rule.columns ?? []).map((c) => `${quoteIdent(c)} = NULL`).join(", ")} WHERE ${sql}`;
        await warehouse.run(change, bound);
      }
      await warehouse.run("INSERT INTO meta.retention_log VALUES (now(), $1, $2, $3, $4, $5)", [
        rule.category,
        `raw.${rule.table}`,
        rule.action,
        rule.days,
        rows,
      ]);
      done.push({
        category: rule.category,
        raw_table: `raw.${rule.table}`,
        action: rule.action,
        period_days: rule.days,
        rows,
      });
    }
    return done;
  });
}
