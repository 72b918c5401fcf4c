/** Splits one CSV record (no embedded newlines: headers do not have them) honouring quotes. */
export function splitCsvLine(line: string, delimiter: string, quote: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === quote && line[i + 1] === quote) {
        cell += quote;
        i++;
      } else if (ch === quote) quoted = false;
      else cell += ch;
    } else if (ch === quote) quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Lines of a text, whatever its line endings (old Mac exports end lines with CR alone). */
export function textLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}

/**
 * The delimiter named by Excel's hint on a file's first line, `sep=;` (also quoted, or padded with
 * that delimiter as a spreadsheet writes an otherwise empty row), or null. The line is not data nor
 * the header: readers skip it.
 */
export function separatorHint(firstLine: string): string | null {
  const match = /^"?sep=([^"\r\n ])"?\1*\s*$/i.exec(firstLine.replace(/^\uFEFF/, ""));
  return match ? match[1]! : null;
}

/**
 * The header cells of an already UTF-8 text, trimmed (which also drops the TAB that ends one UCI
 * header inside its quotes), with a BOM removed.
 */
export function headerOf(
  text: string,
  headerLine: number,
  delimiter: string,
  quote: string,
): string[] | null {
  const line = textLines(text)[headerLine - 1];
  if (line === undefined || line.trim() === "") return null;
  return splitCsvLine(line, delimiter, quote).map((cell) => cell.trim());
}
