import { FileWriter } from "../file-writer.ts";

const FLUSH_CHARS = 1 << 16;

/** Writes a text file line by line, in blocks, waiting when the disk falls behind. */
export class LineWriter {
  private readonly out: FileWriter;
  private block: string[] = [];
  private chars = 0;

  constructor(path: string) {
    this.out = new FileWriter(path);
  }

  /** Writes `line` and a "\n"; rejects once a write has failed (a full disk). */
  async line(line: string): Promise<void> {
    this.block.push(line, "\n");
    this.chars += line.length + 1;
    if (this.chars >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.block.join("");
    this.block = [];
    this.chars = 0;
    await this.out.write(text);
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    if (this.chars > 0) await this.flush();
    await this.out.close();
  }

  /** Closes the file without waiting, after a failure (the caller removes it). */
  abort(): void {
    this.out.abort();
  }
}
