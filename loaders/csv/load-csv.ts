import { listValue } from "@duckdb/node-api";
import type { Warehouse } from "../../warehouse/connection.ts";
import { quoteIdent, quoteLiteral } from "../../warehouse/sql.ts";
import { type Contract, contractColumns, rawTableName } from "../contract.ts";
import { LoadError } from "../errors.ts";
import type { Profile } from "../profile.ts";
import { ensureRawTable } from "../raw-tables.ts";
import { headerOf, readSample } from "./header.ts";
import { toUtf8File } from "./transcode.ts";
import { type MappedColumn, Params, type SourceColumn, typedSelect } from "./typed-select.ts";

export interface CsvLoadRequest {
  path: string;
  fileName: string;
  sha256: string;
  bytes: number;
  profile: Profile;
  contract: Contract;
}

export interface CsvLoadOutcome {
  fileId: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  warnings: string[];
}

/** Lines of context about the file, so a mapping error names what the user must fix. */
function mapColumns(
  request: CsvLoadRequest,
  header: string[],
): { mapped: MappedColumn[]; sources: SourceColumn[]; warnings: string[] } {
  const { profile, contract, fileName } = request;
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    if (name === "") return;
    const first = seen.get(name);
    if (first !== undefined) {
      throw new LoadError(
        fileName,
        `duplicate header "${name}" in columns ${first + 1} and ${index + 1}`,
        profile.csv.headerLine,
        name,
      );
    }
    seen.set(name, index);
  });
  const sources: SourceColumn[] = header.map((name, index) => ({ position: `c${index + 1}`, header: name }));
  const byField = new Map<string, SourceColumn>();
  const warnings: string[] = [];
  for (const [headerName, fieldName] of Object.entries(profile.columns)) {
    let index = header.indexOf(headerName.trim());
    if (index < 0) index = header.findIndex((h) => h.toLowerCase() === headerName.trim().toLowerCase());
    if (index >= 0) byField.set(fieldName, sources[index]!);
  }
  const mapped = contractColumns(contract).map((column) => {
    const source = byField.get(column.name) ?? null;
    if (!source) {
      const headerName = Object.entries(profile.columns).find(([, f]) => f === column.name)?.[0];
      if (column.required) {
        throw new LoadError(
          fileName,
          `missing column "${headerName ?? column.name}" (required field ${column.name}); header is: ${header.join(", ")}`,
          profile.csv.headerLine,
          headerName ?? column.name,
        );
      }
      if (headerName)
        warnings.push(`${fileName}: column "${headerName}" not found; ${column.name} left empty`);
    }
    return { column, source };
  });
  return { mapped, sources, warnings };
}

/**
 * Loads one CSV file in one transaction: typed rows into raw, every other row into meta.quarantine
 * with its reason, and the manifest row — all or nothing.
 */
export async function loadCsvFile(warehouse: Warehouse, request: CsvLoadRequest): Promise<CsvLoadOutcome> {
  const { profile, contract, fileName } = request;
  const utf8 = await toUtf8File(request.path, profile.csv.encoding, fileName);
  try {
    const header = headerOf(
      readSample(utf8.path).toString("utf8"),
      profile.csv.headerLine,
      profile.csv.delimiter,
      profile.csv.quote,
    );
    if (!header) {
      throw new LoadError(
        fileName,
        `no header at line ${profile.csv.headerLine} (empty file?)`,
        profile.csv.headerLine,
      );
    }
    const { mapped, sources, warnings } = mapColumns(request, header);
    const startedAt = new Date();
    return await warehouse.transaction(async () => {
      const fileId = Number(await warehouse.scalar("SELECT nextval('meta.file_id_seq')"));
      const rawTable = await ensureRawTable(warehouse, contract);
      await warehouse.run(
        "DROP TABLE IF EXISTS temp.slm_rejects; DROP TABLE IF EXISTS temp.slm_rejects_scan; DROP TABLE IF EXISTS temp.slm_typed",
      );
      const params = new Params();
      const select = typedSelect(mapped, sources, profile, params);
      const columnsStruct = sources.map((source) => `${quoteLiteral(source.position)}: 'VARCHAR'`).join(", ");
      await warehouse.run(
        `CREATE TEMP TABLE slm_typed AS
         SELECT ${select}
           FROM read_csv(${params.add(utf8.path)}, header = false, skip = ${params.add(profile.csv.headerLine)},
                         delim = ${params.text(profile.csv.delimiter)}, quote = ${params.text(profile.csv.quote)},
                         escape = ${params.text(profile.csv.quote)}, columns = {${columnsStruct}},
                         auto_detect = false, strict_mode = true, null_padding = false,
                         max_line_size = 67108864, parallel = true,
                         store_rejects = true, rejects_table = 'slm_rejects', rejects_scan = 'slm_rejects_scan',
                         rejects_limit = 0)`,
        params.values,
      );
      const fields = mapped.map(({ column }) => quoteIdent(column.name)).join(", ");
      await warehouse.run(
        `INSERT INTO ${rawTable} (_file_id, _row, ${fields})
         SELECT $1, _row, ${fields} FROM slm_typed WHERE _problem IS NULL ORDER BY _row`,
        [fileId],
      );
      // A record's line is its number plus the header lines plus the refused lines before it
      // (exact unless a quoted field spans lines). `before` = accepted records ahead of each refusal.
      await warehouse.run(
        `INSERT INTO meta.quarantine
         WITH refused AS (
           SELECT line - $3 - row_number() OVER (ORDER BY line) AS before
             FROM (SELECT DISTINCT line FROM temp.slm_rejects)
         )
         SELECT $1, $2, _row + $3 + (SELECT count(*) FROM refused WHERE before < _row),
                _problem.column_name, left(_problem.value, 1000), _problem.reason,
                _problem.detail, left(_raw_line, 2000)
           FROM slm_typed WHERE _problem IS NOT NULL ORDER BY _row`,
        [fileId, fileName, profile.csv.headerLine],
      );
      // Lines the CSV reader itself refused (wrong column count, unterminated quote...), one row per line.
      await warehouse.run(
        `INSERT INTO meta.quarantine
         SELECT $1, $2, line, list_extract($3, TRY_CAST(substr(first(column_name ORDER BY column_idx), 2) AS INTEGER)), NULL,
                'malformed_line:' || lower(replace(first(error_type ORDER BY column_idx), ' ', '_')),
                first(error_message ORDER BY column_idx), left(trim(first(csv_line ORDER BY column_idx), E'\\r\\n'), 2000)
           FROM temp.slm_rejects GROUP BY line ORDER BY line`,
        [fileId, fileName, listValue(sources.map((source) => source.header))],
      );
      const counts = await warehouse.one<{ good: number; bad: number; rejected: number }>(
        `SELECT (SELECT count(*) FROM slm_typed WHERE _problem IS NULL)::BIGINT AS good,
                (SELECT count(*) FROM slm_typed WHERE _problem IS NOT NULL)::BIGINT AS bad,
                (SELECT count(DISTINCT line) FROM temp.slm_rejects)::BIGINT AS rejected`,
      );
      const rowsLoaded = counts?.good ?? 0;
      const rowsQuarantined = (counts?.bad ?? 0) + (counts?.rejected ?? 0);
      const rowsRead = rowsLoaded + rowsQuarantined;
      await warehouse.run(
        `INSERT INTO meta.load_manifest VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::TIMESTAMPTZ, now())`,
        [
          fileId,
          request.sha256,
          fileName,
          request.path,
          request.bytes,
          contract.source,
          contract.entity,
          `raw.${rawTableName(contract)}`,
          profile.name,
          rowsRead,
          rowsLoaded,
          rowsQuarantined,
          startedAt.toISOString(),
        ],
      );
      await warehouse.run(
        "DROP TABLE IF EXISTS temp.slm_typed; DROP TABLE IF EXISTS temp.slm_rejects; DROP TABLE IF EXISTS temp.slm_rejects_scan",
      );
      return { fileId, rowsRead, rowsLoaded, rowsQuarantined, warnings };
    });
  } finally {
    utf8.cleanup();
  }
}
