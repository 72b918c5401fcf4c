import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { type IngestOptions, type IngestResult, ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles, type Profile, parseProfile } from "../../loaders/profile.ts";
import { QUARANTINE_WITH_LINES } from "../../loaders/quarantine-store.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { qualified } from "../../warehouse/sql.ts";
import { FIXTURES, tempProject } from "../helpers/project.ts";

export const LOADER_FIXTURES = join(FIXTURES, "loaders");
export const TEST_PROFILES = join(LOADER_FIXTURES, "profiles");
export { DATASETS, HAS_DATASETS } from "../helpers/project.ts";

export interface QuarantineRow {
  line: number | null;
  column_name: string | null;
  value: string | null;
  reason: string;
}

/** The result of a file that wrote its manifest row (loaded, or failed with every row quarantined). */
export type WrittenResult = IngestResult & { fileId: number };

/** A fresh warehouse in a temporary folder, with a place to write input files. */
export class LoaderBench {
  #opened: { dir: string; warehouse: Warehouse; remove: () => void } | null = null;

  private constructor() {}

  static async open(): Promise<LoaderBench> {
    const bench = new LoaderBench();
    await bench.start();
    return bench;
  }

  /** A bench for the enclosing describe block (or file): opened before its tests, closed after them. */
  static forSuite(): LoaderBench {
    const bench = new LoaderBench();
    beforeAll(() => bench.start());
    afterAll(() => bench.close());
    return bench;
  }

  private async start(): Promise<void> {
    const project = tempProject("slm-loaders-");
    const warehouse = await Warehouse.open(join(project.dir, "w.duckdb"));
    this.#opened = { dir: project.dir, warehouse, remove: project.remove };
  }

  private get opened() {
    if (!this.#opened)
      throw new Error("the loader bench is not open (LoaderBench.forSuite opens it in beforeAll)");
    return this.#opened;
  }

  get dir(): string {
    return this.opened.dir;
  }

  get warehouse(): Warehouse {
    return this.opened.warehouse;
  }

  close(): void {
    const opened = this.#opened;
    this.#opened = null;
    opened?.warehouse.close();
    opened?.remove();
  }

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** Ingests with the built-in and test profiles, or with the one profile given. */
  async ingest(paths: string[], profile?: Profile): Promise<IngestResult[]> {
    return this.ingestWith(paths, profile);
  }

  /** As ingest, with further options (`replace`, or the profiles to match from). */
  async ingestWith(
    paths: string[],
    profile?: Profile,
    options: Partial<IngestOptions> = {},
  ): Promise<IngestResult[]> {
    const profiles = profile ? new Map([[profile.name, profile]]) : await loadProfiles([TEST_PROFILES]);
    return ingestFiles(this.warehouse, paths, { profiles, profileName: profile?.name, ...options });
  }

  /**
   * Ingests one file and checks the load invariant before handing back the result; a file that failed
   * before anything was written throws its reason.
   */
  async ingestOne(path: string, profile?: Profile): Promise<WrittenResult> {
    const [result] = await this.ingest([path], profile);
    if (result!.fileId === null) throw new Error(`expected a load, got: ${result!.error}`);
    await this.expectInvariant(result!);
    return result as WrittenResult;
  }

  /** Expects the file to fail whole with a reason matching `message`, leaving nothing behind. */
  async expectRefused(path: string, message: RegExp, profile?: Profile): Promise<IngestResult> {
    const before = await this.counts();
    const [result] = await this.ingest([path], profile);
    expect(result).toMatchObject({ status: "failed", fileId: null });
    expect(result!.error).toMatch(message);
    expect(await this.counts()).toEqual(before);
    return result!;
  }

  private counts(): Promise<unknown> {
    return this.warehouse.one(
      "SELECT (SELECT count(*) FROM meta.load_manifest)::INTEGER AS files, (SELECT count(*) FROM meta.quarantine)::INTEGER AS quarantined",
    );
  }

  async quarantine(fileId: number): Promise<QuarantineRow[]> {
    return this.warehouse.all<QuarantineRow>(
      `SELECT line, column_name, value, reason FROM ${QUARANTINE_WITH_LINES} WHERE file_id = $1 ORDER BY line`,
      [fileId],
    );
  }

  /** rows read = loaded + quarantined, in the manifest, the quarantine and the raw table alike. */
  async expectInvariant(result: IngestResult): Promise<void> {
    const manifest = await this.warehouse.one<{
      rows_read: number;
      rows_loaded: number;
      rows_quarantined: number;
      raw_table: string;
    }>(
      "SELECT rows_read, rows_loaded, rows_quarantined, raw_table FROM meta.load_manifest WHERE file_id = $1",
      [result.fileId],
    );
    expect(manifest).toBeDefined();
    expect(manifest!.rows_read).toBe(manifest!.rows_loaded + manifest!.rows_quarantined);
    expect(manifest!.rows_read).toBe(result.rowsRead);
    const quarantined = await this.warehouse.scalar<number>(
      "SELECT count(*)::INTEGER FROM meta.quarantine WHERE file_id = $1",
      [result.fileId],
    );
    expect(quarantined).toBe(manifest!.rows_quarantined);
    const [schema, table] = manifest!.raw_table.split(".") as [string, string];
    const raw = await this.warehouse.one<{ lines: number; rows: number }>(
      `SELECT count(DISTINCT _row)::INTEGER AS lines, count(*)::INTEGER AS rows FROM ${qualified(schema, table)} WHERE _file_id = $1`,
      [result.fileId],
    );
    expect(raw!.lines).toBe(manifest!.rows_loaded);
    expect(raw!.rows).toBe(result.rawRows);
  }
}

/** A profile for tests, validated like a profile file. */
export function testProfile(value: Record<string, unknown>): Profile {
  return parseProfile({ name: "test", match: "*", ...value }, "test profile");
}

/** The registrations profile most bad-input cases use, with csv options overridden. */
export function registrationsProfile(csv: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return testProfile({
    contract: "records.course_registrations",
    csv: { delimiter: ",", ...csv },
    columns: {
      student: "student_key",
      course: "course_code",
      term: "term",
      registered: "registered_on",
      day: "registered_day",
      credits: "credits",
    },
    ...extra,
  });
}
