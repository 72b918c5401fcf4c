import type { IngestResult } from "../../loaders/ingest.ts";
import { table } from "../output.ts";

/** The per-file table `slm ingest` and `slm demo` print. */
export function printIngestSummary(results: IngestResult[]): void {
  // The filtered column only where a profile filters: most batches have none.
  const filtering = results.some((r) => r.rowsFiltered > 0);
  process.stdout.write(
    table(
      results.map((r) => ({
        file: r.file,
        source: r.source === null ? "" : `${r.source}.${r.entity}`,
        status: r.status,
        loaded: r.rowsLoaded,
        quarantined: r.rowsQuarantined,
        ...(filtering ? { filtered: r.rowsFiltered } : {}),
        seconds: Number(r.seconds.toFixed(2)),
        note:
          r.error !== null
            ? withoutFileName(r.error, r.file)
            : r.replacedFileId !== null
              ? `replaced file ${r.replacedFileId}`
              : (r.note ?? ""),
      })),
    ),
  );
}

/** A failure's reason names the file, as the table's first column does already. */
function withoutFileName(reason: string, file: string): string {
  return reason.startsWith(file) ? reason.slice(file.length).replace(/^: /, "") : reason;
}
