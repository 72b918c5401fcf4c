/** A file that cannot be loaded at all; the message names the file, and the line and column when known. */
export class LoadError extends Error {
  override name = "LoadError";
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    const where = [line !== undefined ? `line ${line}` : null, column ? `column "${column}"` : null]
      .filter(Boolean)
      .join(", ");
    super(`${file}${where ? ` (${where})` : ""}: ${problem}`);
  }
}
