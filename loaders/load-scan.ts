import { registerNationalIdFunctions } from "../identifiers/national-id.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { quoteIdent } from "../warehouse/sql.ts";
import { allQuarantinedReasons } from "./all-quarantined.ts";
import { type Contract, rawTableName } from "./contract.ts";
import { LONG_LINE_REFUSED } from "./csv/read-csv.ts";
import { LoadError } from "./errors.ts";
import { mapColumns } from "./map-columns.ts";
import { Params } from "./params.ts";
import { quarantineErasedRows } from "./person-keys.ts";
import type { Profile } from "./profile.ts";
import { filteredOut, filterPasses, recordFilter } from "./profile-filter.ts";
import {
  createLineMap,
  LINE_MAP_TABLES,
  physicalQuarantineLines,
  yieldedRecordLine,
} from "./quarantine-lines.ts";
import { createQuarantineRows, QUARANTINE_ROWS, storeQuarantineRows } from "./quarantine-store.ts";
import { ensureRawTable } from "./raw-tables.ts";
import { insertRefused, refusedLines } from "./refused-lines.ts";
import { type Replacement, retireReplaced } from "./replace.ts";
import type { Scan } from "./scan.ts";
import {
  checksNationalIds,
  lineProblem,
  nulInCells,
  rawLine,
  trimmedCells,
  typedRelation,
} from "./typed-select.ts";
import { recordUnpivot, unpivotRelation } from "./unpivot.ts";

export interface LoadRequest {
  path: string;
  fileName: string;
  sha256: string;
  bytes: number;
  /** Whether the file holds a 0x00 byte (read with its hash); the NUL check is skipped when not. */
  hasNul?: boolean;
  profile: Profile;
  contract: Contract;
  /** Institution code that issued interim (T-)numbers: config institution.interimIssuer. */
  interimIssuer: string;
  /** Reference date (YYYY-MM-DD) for 10-digit personnummer; default: the day the file is loaded. */
  referenceDate?: string | undefined;
  /** The loaded version this file replaces (`slm ingest --replace`), moved out in its transaction. */
  replaces?: Replacement | undefined;
}

export interface LoadOutcome {
  fileId: number;
  /**
   * Records taken in from the file: rowsRead = rowsLoaded + rowsQuarantined. The records the profile's
   * filter left out are not among them: every record of the file is read, loaded, quarantined or filtered.
   */
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  /** Records the profile's `filter` left out (meta.load_filter); 0 without a filter. */
  rowsFiltered: number;
  /** Raw rows written: rowsLoaded, or rowsLoaded x the wide columns when the profile unpivots. */
  rawRows: number;
  warnings: string[];
}

/**
 * The reader, at its default line limit, refused a line as too long: nothing is written yet, and the
 * file is read again with the long limit (ingest.ts).
 */
export class LongLinesRefused extends Error {
  constructor(fileName: string) {
    super(`${fileName}: a line exceeds the default line limit`);
    this.name = "LongLinesRefused";
  }
}

const TEMP_TABLES = [
  "slm_typed",
  "slm_bad",
  "slm_rejects",
  "slm_rejects_scan",
  QUARANTINE_ROWS,
  ...LINE_MAP_TABLES,
];

async function dropTemps(warehouse: Warehouse): Promise<void> {
  await warehouse.run("DROP VIEW IF EXISTS temp.slm_rows");
  for (const table of TEMP_TABLES) await warehouse.run(`DROP TABLE IF EXISTS temp.${quoteIdent(table)}`);
}

/** The column mapping a file loads with: mapColumns' result. */
type Mapping = ReturnType<typeof mapColumns>;

/** What the typed read decided that later steps need. */
interface TypedRead {
  /** Records are numbered inside the select (an unpivot or a row-number field), not by rowid. */
  numbered: boolean;
  /** The profile's row filter as SQL, or null without one. */
  passes: ReturnType<typeof filterPasses>;
}

/** The record counts a load reports and writes to its manifest row. */
interface Counts {
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  rowsFiltered: number;
  rawRows: number;
}

/**
 * Loads one scanned file in one transaction: typed rows into raw, every other record into
 * meta.quarantine with its reason, and the manifest row — all or nothing. The file is read, typed and
 * checked into temp tables first, outside the transaction (readTyped, markProblems); the transaction
 * then only moves rows (commitLoad).
 */
export async function loadScan(warehouse: Warehouse, request: LoadRequest, scan: Scan): Promise<LoadOutcome> {
  const mapping = mapColumns(request.fileName, scan, request.profile, request.contract);
  const startedAt = new Date();
  if (checksNationalIds(mapping.mapped)) {
    // Validated in DuckDB by the identity library's UDF, over the whole file at once.
    registerNationalIdFunctions(warehouse.connection, {
      referenceDate: request.referenceDate ?? startedAt.toISOString().slice(0, 10),
      interimIssuer: request.interimIssuer,
    });
  }
  await dropTemps(warehouse);
  try {
    const read = await readTyped(warehouse, request, scan, mapping);
    const refused = await markProblems(warehouse, request, scan, read);
    return await warehouse.transaction(() =>
      commitLoad(warehouse, request, scan, mapping, read, refused, startedAt),
    );
  } finally {
    await dropTemps(warehouse);
  }
}

/**
 * Reads the file into temp.slm_typed: every record with its number, line checks, filter mark and typed
 * fields. Built inside out: records -> line checks -> (filter) -> (unpivot) -> typed fields.
 */
async function readTyped(
  warehouse: Warehouse,
  request: LoadRequest,
  scan: Scan,
  mapping: Mapping,
): Promise<TypedRead> {
  const { profile, fileName } = request;
  const params = new Params();
  const options = { decimalComma: scan.decimalComma, delimiter: scan.delimiter };
  const line = scan.lineColumn ? `TRY_CAST(${quoteIdent(scan.lineColumn)} AS BIGINT)` : "NULL::BIGINT";
  // A record's number is its position among the records the reader returned. row_number() OVER ()
  // would number them, but it runs the whole scan on one thread (1M mailings: 9.4 s against 4.7 s);
  // the temp table keeps the reader's order (preserve_insertion_order), so the number is its rowid,
  // counted from the table's first. Only an unpivot and a row-number field need it inside the select.
  const numbered = mapping.unpivot !== null || mapping.mapped.some(({ input }) => input.from === "rowNumber");
  const rowNumber = numbered ? "row_number() OVER ()" : "NULL::BIGINT";
  // A record's raw line is joined only for rows with a problem, except with an unpivot, which drops the
  // wide cells.
  const eagerRawLine = mapping.unpivot !== null;
  const rawLineSql = rawLine(mapping.sources, options, params, scan.widthChecked);
  const records = `(SELECT ${rowNumber} AS _row, ${line} AS _line, *${eagerRawLine ? `, ${rawLineSql} AS _raw_line` : ""} FROM ${scan.relation(params)})`;
  // A NUL check costs a scan of every cell (1M mailings: 0.3 s); no file byte 0x00, no NUL cell.
  const nulFree = request.hasNul === false && scan.cellsFromFileBytes === true;
  const nulTest = nulFree ? null : eagerRawLine ? undefined : nulInCells(mapping.sources, scan.widthChecked);
  // Each cell is trimmed once, below the line checks, which share it with the field values.
  const trims = trimmedCells(mapping.sources);
  const trimmedRecords = trims.length > 0 ? `(SELECT *, ${trims.join(", ")} FROM ${records})` : records;
  const checked = `(SELECT *, ${lineProblem(mapping.sources, params, scan.widthChecked, nulTest)} AS _line_problem FROM ${trimmedRecords})`;
  // The profile's row filter marks the records it leaves out; they stay in the typed table (their
  // position numbers the records after them) and are counted, never loaded nor quarantined.
  const passes = filterPasses(profile.filter, mapping.sources, params, {
    fileName,
    profile: profile.name,
    headerLine: scan.headerLine,
  });
  const screened = passes
    ? `(SELECT *, ${filteredOut(passes, params)} AS _filtered FROM ${checked})`
    : checked;
  const unpivoted = `(${unpivotRelation(mapping.unpivot, screened, scan.header, params)})`;
  // Read, typed and checked outside the transaction: temp tables are this connection's alone and
  // vanish with it, and DuckDB reads a temp table made inside a transaction much slower (1M mailings:
  // the insert into raw 7.3 s against 4.5 s).
  await warehouse.run(
    `CREATE TEMP TABLE slm_typed AS ${typedRelation(mapping.mapped, profile, options, params, unpivoted, eagerRawLine ? "_raw_line" : rawLineSql, passes !== null)}`,
    params.values,
  );
  if (scan.readLongLines && scan.rejects) {
    const longLines = await warehouse.scalar("SELECT count(*) FROM temp.slm_rejects WHERE error_type = $1", [
      LONG_LINE_REFUSED,
    ]);
    if (Number(longLines) > 0) throw new LongLinesRefused(fileName);
  }
  return { numbered, passes };
}

/**
 * The records to load (view slm_rows, without the filtered), the erased persons' rows set aside, the
 * records with a problem (slm_bad) and the lines the reader refused, with the map from the reader's
 * numbering to the file's lines when any of them is to be named. Returns the refused lines' count.
 */
async function markProblems(
  warehouse: Warehouse,
  request: LoadRequest,
  scan: Scan,
  read: TypedRead,
): Promise<number> {
  // The first rowid, read once: a scalar subquery in the view would join every row to it.
  const firstRowId = read.numbered
    ? 0n
    : BigInt((await warehouse.scalar("SELECT min(rowid) FROM temp.slm_typed")) ?? 0);
  const kept = read.passes ? " WHERE NOT _filtered" : "";
  await warehouse.run(
    read.numbered
      ? `CREATE TEMP VIEW slm_rows AS SELECT * FROM temp.slm_typed${kept}`
      : `CREATE TEMP VIEW slm_rows AS SELECT * REPLACE (rowid - ${firstRowId - 1n} AS _row) FROM temp.slm_typed${kept}`,
  );
  await quarantineErasedRows(warehouse, "temp.slm_typed", rawTableName(request.contract), request.fileName);
  if (!scan.rejects) await warehouse.run("CREATE TEMP TABLE slm_rejects (line BIGINT)");
  const refused = scan.rejects ? await refusedLines(warehouse, request.fileName, scan) : 0;
  // A record is loaded whole or quarantined whole: with an unpivot, one bad cell holds back its line.
  await warehouse.run(
    `CREATE TEMP TABLE slm_bad AS
     SELECT _row, first(_line) AS _line, first(_problem ORDER BY _sub) AS _problem, first(_raw_line) AS _raw_line
       FROM slm_rows WHERE _problem IS NOT NULL GROUP BY _row`,
  );
  // Where records start in the file is read (one pass over it) only when a record names its line.
  const named = refused > 0 || Number(await warehouse.scalar("SELECT count(*) FROM slm_bad")) > 0;
  // A file whose bytes show no quote and no empty line needs no map, and is not walked for one.
  const mapped = named && !(scan.numbersArePhysical?.() ?? false);
  await createLineMap(warehouse, mapped ? (scan.recordStarts?.() ?? null) : null);
  return refused;
}

/** Inside the load's transaction: raw rows, quarantine rows, the manifest row and what the load notes. */
async function commitLoad(
  warehouse: Warehouse,
  request: LoadRequest,
  scan: Scan,
  mapping: Mapping,
  read: TypedRead,
  refused: number,
  startedAt: Date,
): Promise<LoadOutcome> {
  const { profile, contract, fileName } = request;
  const fileId = Number(await warehouse.scalar("SELECT nextval('meta.file_id_seq')"));
  // First, so the new version's manifest row may hold the same content hash as the old one's.
  if (request.replaces) await retireReplaced(warehouse, request.replaces, fileId);
  const rawTable = await ensureRawTable(warehouse, contract);
  await insertRaw(warehouse, rawTable, mapping, fileId);
  await insertQuarantine(warehouse, scan, mapping, fileId, fileName);
  const counts = await countRecords(warehouse, rawTable, mapping, read, fileId, refused);
  await writeManifest(warehouse, request, fileId, counts, startedAt);
  if (mapping.unpivot) {
    const { wideColumns } = mapping.unpivot;
    await recordUnpivot(warehouse, {
      fileId,
      linesLoaded: counts.rowsLoaded,
      rawRows: counts.rawRows,
      wideColumns,
    });
  }
  if (read.passes)
    await recordFilter(warehouse, { fileId, rowsFiltered: counts.rowsFiltered, filter: profile.filter });
  const outcome = { fileId, ...counts, warnings: loadWarnings(request, scan, mapping, counts) };
  if (request.replaces) {
    // A version that loads nothing would take the old one's rows and put none in their place: the
    // profile is still wrong, so the replace is undone and the old version stays.
    const reasons = await allQuarantinedReasons(warehouse, outcome, profile);
    if (reasons !== null) {
      throw new LoadError(
        fileName,
        `${reasons}; nothing was replaced (file ${request.replaces.fileId} stays loaded as it was): fix the profile and replace it again`,
      );
    }
  }
  return outcome;
}

async function insertRaw(
  warehouse: Warehouse,
  rawTable: string,
  mapping: Mapping,
  fileId: number,
): Promise<void> {
  const fields = mapping.mapped.map(({ column }) => quoteIdent(column.name)).join(", ");
  // Without an unpivot a record is one row, so its own _problem decides, and slm_typed is already in
  // file order, so no sort; an unpivot's rows are sorted back into file order.
  await warehouse.run(
    `INSERT INTO ${rawTable} (_file_id, _row, ${fields})
     SELECT $1, _row, ${fields} FROM slm_rows
      WHERE ${mapping.unpivot ? "_row NOT IN (SELECT _row FROM slm_bad) ORDER BY _row, _sub" : "_problem IS NULL"}`,
    [fileId],
  );
}

async function insertQuarantine(
  warehouse: Warehouse,
  scan: Scan,
  mapping: Mapping,
  fileId: number,
  fileName: string,
): Promise<void> {
  // Without an exact line column, a record's line is DuckDB's (quarantine-lines.ts), made physical
  // once the refused lines are in too.
  await createQuarantineRows(warehouse);
  await warehouse.run(
    `INSERT INTO ${QUARANTINE_ROWS}
     SELECT coalesce(_line, _record_line),
            _problem.column_name, left(replace(_problem.value, chr(0), '␀'), 1000), _problem.reason,
            _problem.detail, left(replace(_raw_line, chr(0), '␀'), 2000)
       FROM ${yieldedRecordLine("slm_bad", "r._row", "$1")} ORDER BY _row`,
    [scan.headerLine],
  );
  await insertRefused(
    warehouse,
    scan,
    mapping.sources.map((source) => source.header),
  );
  await physicalQuarantineLines(warehouse);
  await storeQuarantineRows(warehouse, fileId, fileName);
}

async function countRecords(
  warehouse: Warehouse,
  rawTable: string,
  mapping: Mapping,
  read: TypedRead,
  fileId: number,
  refused: number,
): Promise<Counts> {
  const records = mapping.unpivot ? "count(DISTINCT _row)" : "count(*)";
  const counts = await warehouse.one<{ lines: number; bad: number; raw: number }>(
    `SELECT (SELECT ${records} FROM slm_rows)::BIGINT AS lines,
            (SELECT count(*) FROM slm_bad)::BIGINT AS bad,
            (SELECT count(*) FROM ${rawTable} WHERE _file_id = $1)::BIGINT AS raw`,
    [fileId],
  );
  const rowsLoaded = (counts?.lines ?? 0) - (counts?.bad ?? 0);
  const rowsQuarantined = (counts?.bad ?? 0) + refused;
  const rowsFiltered = read.passes
    ? Number(await warehouse.scalar(`SELECT ${records} FROM temp.slm_typed WHERE _filtered`))
    : 0;
  return {
    rowsRead: rowsLoaded + rowsQuarantined,
    rowsLoaded,
    rowsQuarantined,
    rowsFiltered,
    rawRows: counts?.raw ?? 0,
  };
}

async function writeManifest(
  warehouse: Warehouse,
  request: LoadRequest,
  fileId: number,
  counts: Counts,
  startedAt: Date,
): Promise<void> {
  const { contract } = request;
  await warehouse.run(
    // now() is the transaction's start, before the rows went into raw: the clock is read here instead
    `INSERT INTO meta.load_manifest VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::TIMESTAMPTZ, $14::TIMESTAMPTZ)`,
    [
      fileId,
      request.sha256,
      request.fileName,
      request.path,
      request.bytes,
      contract.source,
      contract.entity,
      `raw.${rawTableName(contract)}`,
      request.profile.name,
      counts.rowsRead,
      counts.rowsLoaded,
      counts.rowsQuarantined,
      startedAt.toISOString(),
      new Date().toISOString(),
    ],
  );
}

function loadWarnings(request: LoadRequest, scan: Scan, mapping: Mapping, counts: Counts): string[] {
  const { fileName, profile } = request;
  const warnings = [...scan.warnings, ...mapping.warnings];
  if (counts.rowsRead === 0 && counts.rowsFiltered > 0) {
    warnings.push(
      `${fileName}: the profile's filter left out every record (${counts.rowsFiltered}); check filter in profile "${profile.name}"`,
    );
  } else if (counts.rowsRead === 0) warnings.push(`${fileName}: no data rows below the header`);
  return warnings;
}
