import type { Warehouse } from "../warehouse/connection.ts";
import { QUARANTINE_WITH_LINES } from "./quarantine-store.ts";

export interface QuarantineExample {
  line: number | null;
  column_name: string | null;
  /** The refused value's shape (letters as x, digits as 9), or the value itself when values were asked for. */
  value: string | null;
  /** The whole input line: only when values were asked for, else null. */
  raw_line: string | null;
}

export interface QuarantineGroup {
  file_id: number;
  file_name: string;
  reason: string;
  rows: number;
  examples: QuarantineExample[];
}

export interface FileQuality {
  file_id: number;
  file_name: string;
  profile: string;
  contract: string;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
}

export interface QualityReport {
  files: FileQuality[];
  quarantine: QuarantineGroup[];
  /** Whether examples carry the clear values and lines (raw.quarantined_lines) rather than their shapes. */
  values_shown: boolean;
}

/**
 * A value's shape with nothing of its content: every letter x, every digit 9, the rest as it is. It says
 * what is wrong with a date or a code ("99/9/9999" where "9999-99-99" is expected) and nothing of whom.
 */
export const MASKED_VALUE_SQL = (value: string) =>
  `regexp_replace(regexp_replace(${value}, '\\pL', 'x', 'g'), '\\pN', '9', 'g')`;

export interface QualityOptions {
  examples?: number;
  /** Clear values and whole lines from raw.quarantined_lines, for an analyst who asked (audited). */
  showValues?: boolean;
}

/** What was loaded and what was refused, per file and reason, with the first few refused rows. */
export async function qualityReport(
  warehouse: Warehouse,
  options: QualityOptions = {},
): Promise<QualityReport> {
  const examples = options.examples ?? 3;
  const showValues = options.showValues ?? false;
  const files = await warehouse.all<FileQuality>(
    `SELECT file_id, file_name, profile, source || '.' || entity AS contract,
            rows_read, rows_loaded, rows_quarantined
       FROM meta.load_manifest ORDER BY file_id`,
  );
  const groups = await warehouse.all<Omit<QuarantineGroup, "examples">>(
    `SELECT file_id, file_name, reason, count(*)::BIGINT AS rows
       FROM meta.quarantine GROUP BY ALL ORDER BY file_id, rows DESC, reason`,
  );
  const value = showValues ? "value" : MASKED_VALUE_SQL("value");
  const rawLine = showValues ? "raw_line" : "NULL::VARCHAR";
  const rows = await warehouse.all<QuarantineExample & { file_id: number; reason: string }>(
    `SELECT file_id, reason, line, column_name, ${value} AS value, ${rawLine} AS raw_line
       FROM (SELECT *, row_number() OVER (PARTITION BY file_id, reason ORDER BY line, entry) AS n
               FROM ${QUARANTINE_WITH_LINES})
      WHERE n <= $1 ORDER BY file_id, reason, line, entry`,
    [examples],
  );
  const quarantine = groups.map((group) => ({
    ...group,
    examples: rows
      .filter((row) => row.file_id === group.file_id && row.reason === group.reason)
      .map(({ line, column_name, value, raw_line }) => ({ line, column_name, value, raw_line })),
  }));
  return { files, quarantine, values_shown: showValues };
}
