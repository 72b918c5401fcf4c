import type { Warehouse } from "../warehouse/connection.ts";

export interface QuarantineExample {
  line: number | null;
  column_name: string | null;
  value: string | null;
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
}

/** What was loaded and what was refused, per file and reason, with the first few refused rows. */
export async function qualityReport(warehouse: Warehouse, examples = 3): Promise<QualityReport> {
  const files = await warehouse.all<FileQuality>(
    `SELECT file_id, file_name, profile, source || '.' || entity AS contract,
            rows_read, rows_loaded, rows_quarantined
       FROM meta.load_manifest ORDER BY file_id`,
  );
  const groups = await warehouse.all<Omit<QuarantineGroup, "examples">>(
    `SELECT file_id, file_name, reason, count(*)::BIGINT AS rows
       FROM meta.quarantine GROUP BY ALL ORDER BY file_id, rows DESC, reason`,
  );
  const rows = await warehouse.all<QuarantineExample & { file_id: number; reason: string }>(
    `SELECT file_id, reason, line, column_name, value, raw_line
       FROM (SELECT *, row_number() OVER (PARTITION BY file_id, reason ORDER BY line) AS n FROM meta.quarantine)
      WHERE n <= $1 ORDER BY file_id, reason, line`,
    [examples],
  );
  const quarantine = groups.map((group) => ({
    ...group,
    examples: rows
      .filter((row) => row.file_id === group.file_id && row.reason === group.reason)
      .map(({ line, column_name, value, raw_line }) => ({ line, column_name, value, raw_line })),
  }));
  return { files, quarantine };
}
