import { cpus, totalmem } from "node:os";

export interface PhaseResult {
  phase: string;
  seconds: number;
  rows: number | null;
  rowsPerSecond: number | null;
  peakRssMb: number;
  note?: string;
}

/**
 * Runs one phase while sampling the process's resident memory (DuckDB's native memory included), so
 * each phase reports its own peak.
 */
export async function measure(
  phase: string,
  work: () => Promise<{ rows?: number; note?: string } | undefined>,
): Promise<PhaseResult> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const started = performance.now();
  try {
    const outcome = (await work()) ?? {};
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    const rows = outcome.rows ?? null;
    return {
      phase,
      seconds: Number(seconds.toFixed(3)),
      rows,
      rowsPerSecond: rows === null ? null : Math.round(rows / Math.max(seconds, 1e-9)),
      peakRssMb: Math.round(peak / 2 ** 20),
      ...(outcome.note ? { note: outcome.note } : {}),
    };
  } finally {
    clearInterval(timer);
  }
}

export function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

export function markdownTable(results: PhaseResult[]): string {
  const lines = [
    "| phase | seconds | rows | rows/s | peak RSS (MB) | note |",
    "|---|---:|---:|---:|---:|---|",
    ...results.map(
      (r) =>
        `| ${r.phase} | ${r.seconds.toFixed(2)} | ${r.rows?.toLocaleString("en-GB") ?? ""} | ${r.rowsPerSecond?.toLocaleString("en-GB") ?? ""} | ${r.peakRssMb} | ${r.note ?? ""} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
