import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { finished } from "node:stream/promises";
import { LoadError } from "./errors.ts";

/**
 * A working copy written through a stream. A write stream reports a failed write (a full disk) as an
 * 'error' event: with no listener it kills the process, and a caller waiting for 'drain' waits for
 * ever. Here the failure is kept and rejects the next write or the close instead.
 */
export class ScratchFile {
  private readonly out: WriteStream;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.on("error", (error) => {
      this.failure ??= error;
    });
  }

  /** Writes `data`, waiting while the disk falls behind; rejects once a write has failed. */
  async write(data: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(data)) await once(this.out, "drain");
  }

  /** Flushes and closes the file; rejects if any write failed. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.out.end();
    await finished(this.out);
  }

  /** Closes the file without waiting, after a failure (the caller removes it). */
  abort(): void {
    this.out.destroy();
  }
}

/** Error codes that say the scratch disk, not the extract, is at fault. */
const SCRATCH_DISK_CODES = new Set(["ENOSPC", "EDQUOT", "EFBIG", "EROFS"]);

/**
 * The error of a working copy that could not be written (disk full, quota, read-only), as a LoadError
 * naming the extract and where the copy went; undefined for any other error. Without it, a full disk
 * while unpacking a workbook read as "not a readable .xlsx file".
 */
export function scratchDiskFailure(error: unknown, fileName: string): LoadError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !SCRATCH_DISK_CODES.has(code)) return undefined;
  return new LoadError(
    fileName,
    `could not write its working copy in ${tmpdir()} (${(error as Error).message}); free space there or set TMPDIR to a disk with room`,
  );
}
