import { join } from "node:path";
import { badDate, DIRT_SHARES, dirtyName, invalidId, type NameDirt, type RowDirt } from "./dirt.ts";
import { hashInts, Rng } from "./prng.ts";
import type { Truth } from "./truth.ts";
import { type CsvFormat, CsvWriter, type RowSink } from "./writers/csv.ts";
import { type XlsxColumnType, XlsxWriter } from "./writers/xlsx.ts";

/** The person a record belongs to, as much as a table needs to plant dirt and the truth. */
export interface RecordOwner {
  id: string;
  index: number;
  altEmail: string | null;
}

export interface TableSpec {
  /** Stable name of the extract kind, e.g. `crm_contacts`; the truth uses it. */
  kind: string;
  /** File name without directory, e.g. `crm_contacts_2026-10-01.csv`. */
  file: string;
  /** A delimited text format, or a spreadsheet with its column types. */
  format: CsvFormat | { xlsx: { sheet: string; types: readonly XlsxColumnType[]; fixedDate: Date } };
  preamble?: readonly string[];
  header: readonly string[];
  /** Columns that may get name dirt: first name, last name, and e-mail if any. */
  names?: { first: string; last: string; email?: string };
  /** Date columns that may get an impossible date. */
  dates?: readonly string[];
  /** National-ID column that may get a wrong check digit. */
  id?: string;
  /** Whether rows may be duplicated or malformed (machine exports such as LinkedIn's are not). */
  structural: boolean;
  /** Trailing totals line, as some Swedish reports print it. */
  totals?: (rows: number) => string;
}

/**
 * A source extract being written: plants dirt at the configured rate, writes the rows, and records
 * every physical row with its true owner in the truth.
 */
export class Table {
  readonly writer: RowSink;
  rows = 0;
  private readonly rowRng: Rng;
  private readonly nameIdx: { first: number; last: number; email: number } | null;
  private readonly dateIdx: number[];
  private readonly idIdx: number;

  constructor(
    readonly spec: TableSpec,
    dir: string,
    private readonly ordinal: number,
    private readonly seed: number,
    private readonly dirtRate: number,
    private readonly truth: Truth,
  ) {
    const path = join(dir, spec.file);
    this.writer =
      "xlsx" in spec.format
        ? new XlsxWriter(path, spec.format.xlsx.sheet, spec.format.xlsx.types, spec.format.xlsx.fixedDate)
        : new CsvWriter(path, spec.format);
    this.rowRng = new Rng(hashInts(seed, 0x7ab1e, ordinal));
    const col = (name: string): number => {
      const i = spec.header.indexOf(name);
      if (i < 0) throw new Error(`${spec.kind}: no column ${name}`);
      return i;
    };
    this.nameIdx = spec.names
      ? {
          first: col(spec.names.first),
          last: col(spec.names.last),
          email: spec.names.email ? col(spec.names.email) : -1,
        }
      : null;
    this.dateIdx = (spec.dates ?? []).map(col);
    this.idIdx = spec.id ? col(spec.id) : -1;
    for (const line of spec.preamble ?? []) this.writer.rawLine(line);
    this.writer.row(spec.header);
  }

  /**
   * Writes one record. `cells` must follow the header. Name dirt is decided once per person and table,
   * so all of a person's rows in one extract agree, as they do when a person was typed in once.
   */
  write(cells: string[], key: string, owner: RecordOwner | null, tags: string[] = []): void {
    const dirt: string[] = [...tags];
    if (owner && this.nameIdx && this.dirtRate > 0) {
      const personRng = new Rng(hashInts(this.seed, owner.index, this.ordinal));
      if (personRng.chance(this.dirtRate)) {
        const n = this.nameIdx;
        const { fields, tag } = dirtyName(
          personRng,
          {
            first: cells[n.first]!,
            last: cells[n.last]!,
            email: n.email >= 0 ? cells[n.email]! || null : null,
          },
          owner.altEmail,
        );
        cells[n.first] = fields.first;
        cells[n.last] = fields.last;
        if (n.email >= 0) cells[n.email] = fields.email ?? "";
        dirt.push(tag satisfies NameDirt);
      }
    }
    let malformed: RowDirt | null = null;
    let duplicate = false;
    if (this.spec.structural && this.dirtRate > 0) {
      const r = this.rowRng.float();
      if (r < this.dirtRate * DIRT_SHARES.malformed) malformed = this.malform(cells);
      else if (r < this.dirtRate * (DIRT_SHARES.malformed + DIRT_SHARES.duplicateRow)) duplicate = true;
    }
    if (malformed) dirt.push(malformed);
    this.emit(cells, key, owner, dirt);
    if (duplicate) this.emit(cells, key, owner, [...dirt, "duplicate_row"]);
  }

  async close(): Promise<{ path: string; rows: number; bytes: number }> {
    if (this.spec.totals) {
      const line = this.writer.rawLine(this.spec.totals(this.rows));
      this.truth.record(this.spec.kind, this.spec.file, line, "", null, ["totals_row"]);
    }
    const bytes = await this.writer.close();
    return { path: this.writer.path, rows: this.rows, bytes };
  }

  private emit(cells: string[], key: string, owner: RecordOwner | null, dirt: string[]): void {
    const line = this.writer.row(cells);
    this.rows++;
    this.truth.record(this.spec.kind, this.spec.file, line, key, owner?.id ?? null, dirt);
  }

  /** Damages the row in place in one of the ways a loader must reject; returns the tag. */
  private malform(cells: string[]): RowDirt {
    const options: RowDirt[] = ["wrong_column_count"];
    if (this.dateIdx.some((i) => cells[i] !== "")) options.push("bad_date");
    if (this.idIdx >= 0 && cells[this.idIdx] !== "") options.push("invalid_id", "invalid_id");
    const kind = this.rowRng.pick(options);
    if (kind === "bad_date") {
      const i = this.rowRng.pick(this.dateIdx.filter((j) => cells[j] !== ""));
      cells[i] = badDate(this.rowRng, cells[i]!);
    } else if (kind === "invalid_id") {
      cells[this.idIdx] = invalidId(this.rowRng, cells[this.idIdx]!);
    } else if (this.rowRng.chance(0.5)) {
      cells.pop();
    } else {
      cells.push("");
    }
    return kind;
  }
}

/** Opens the extracts of a run, numbering them so each gets its own dirt stream. */
export class Tables {
  private readonly open: Table[] = [];

  constructor(
    private readonly dir: string,
    private readonly seed: number,
    private readonly dirtRate: number,
    private readonly truth: Truth,
  ) {}

  create(spec: TableSpec): Table {
    const table = new Table(spec, this.dir, this.open.length + 1, this.seed, this.dirtRate, this.truth);
    this.open.push(table);
    return table;
  }

  /** Lets every extract's writer catch up (only spreadsheets ever lag behind). */
  async drainAll(): Promise<void> {
    for (const t of this.open) await t.writer.drain();
  }

  async closeAll(
    onClosed: (done: number, total: number) => void,
  ): Promise<{ path: string; rows: number; bytes: number }[]> {
    const out: { path: string; rows: number; bytes: number }[] = [];
    for (const t of this.open) {
      out.push(await t.close());
      onClosed(out.length, this.open.length);
    }
    return out;
  }
}
