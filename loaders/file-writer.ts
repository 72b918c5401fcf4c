import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { finished } from "node:stream/promises";

/**
 * A file written through a stream (a working copy, a generated extract). A write stream reports a
 * failed write (a full disk) as an 'error' event: with no listener it kills the process, and a caller
 * waiting for 'drain' waits for ever. Here the failure is kept and rejects the next write or the close.
 */
export class FileWriter {
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
