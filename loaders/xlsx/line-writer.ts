import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { finished } from "node:stream/promises";

const FLUSH_CHARS = 1 << 16;

/** Writes a text file line by line through a stream, in blocks, waiting when the disk falls behind. */
export class LineWriter {
  private readonly out: WriteStream;
  private block: string[] = [];
  private chars = 0;

  constructor(path: string) {
    this.out = createWriteStream(path);
  }

  /** Writes `line` and a "\n". */
  async line(line: string): Promise<void> {
    this.block.push(line, "\n");
    this.chars += line.length + 1;
    if (this.chars >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.block.join("");
    this.block = [];
    this.chars = 0;
    if (!this.out.write(text)) await once(this.out, "drain");
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    if (this.chars > 0) await this.flush();
    this.out.end();
    await finished(this.out);
  }

  /** Closes the file without waiting, after a failure (the caller removes it). */
  abort(): void {
    this.out.destroy();
  }
}
