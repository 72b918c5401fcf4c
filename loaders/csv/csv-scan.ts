import { binaryKind } from "../encoding/binary.ts";
import { hasMixedLineEndings, readHead } from "../encoding/sniff.ts";
import { decodeLatin1 } from "../encoding/windows1252.ts";
import { LoadError } from "../errors.ts";
import type { Profile } from "../profile.ts";
import type { Scan } from "../scan.ts";
import { headerOf, separatorHint, textLines } from "./header.ts";
import { delimiterName, locateHeader } from "./locate-header.ts";
import { rereadableCsv } from "./read-csv.ts";
import {
  numbersArePhysical,
  numbersArePhysicalInFile,
  type RecordStarts,
  readRecordStarts,
} from "./record-starts.ts";
import { lfLineEndingsCopy, toUtf8File } from "./transcode.ts";

const HEADER_SAMPLE_BYTES = 1 << 16;

/** A text file's scan, which always knows where its records start. */
export type CsvScan = Scan & Required<Pick<Scan, "recordStarts">>;

/** Opens a delimited text file: refuses what is not text, transcodes to UTF-8, reads the header. */
export async function openCsvScan(
  path: string,
  fileName: string,
  /** The columns, where given, find a header the profile's csv.headerLine or csv.delimiter miss. */
  profile: Pick<Profile, "csv"> & Partial<Pick<Profile, "columns">>,
): Promise<CsvScan> {
  const { csv } = profile;
  const kind = csv.encoding === "utf-16" ? null : binaryKind(readHead(path, HEADER_SAMPLE_BYTES));
  if (kind) throw new LoadError(fileName, `not a delimited text file: looks like ${kind}`);
  const utf8 = await toUtf8File(path, csv.encoding, fileName, true);
  try {
    const head = readHead(utf8.path, HEADER_SAMPLE_BYTES);
    const text = utf8.readAs === "latin-1" ? decodeLatin1(head) : head.toString("utf8");
    // Excel's `sep=;` first line names the delimiter; csv.headerLine counts the lines below it.
    const lines = textLines(text);
    const hint = separatorHint(lines[0] ?? "");
    const declared = { line: csv.headerLine + (hint === null ? 0 : 1), delimiter: hint ?? csv.delimiter };
    const warnings = [...utf8.warnings];
    if (hint !== null && hint !== csv.delimiter) {
      warnings.push(
        `${fileName}: its first line sep=${hint} sets the delimiter to "${hint}" (the profile says "${csv.delimiter}")`,
      );
    }
    const names = Object.keys(profile.columns ?? {});
    const { line: headerLine, delimiter } = locateHeader(
      lines,
      declared,
      csv.quote,
      names,
      hint === null ? 1 : 2,
    );
    if (headerLine !== declared.line) {
      warnings.push(
        `${fileName}: the profile's columns are on line ${headerLine}, not on line ${declared.line} (csv.headerLine ${csv.headerLine}); read from line ${headerLine}`,
      );
    }
    if (delimiter !== declared.delimiter) {
      warnings.push(
        `${fileName}: its header is split by ${delimiterName(delimiter)}, not by the profile's ${delimiterName(declared.delimiter)} (csv.delimiter); read with ${delimiterName(delimiter)}`,
      );
    }
    const header = headerOf(text, headerLine, delimiter, csv.quote);
    if (!header) {
      throw new LoadError(fileName, `no header at line ${headerLine} (empty file?)`, headerLine);
    }
    const { readFrom, ...reads } = rereadableCsv({
      path: utf8.path,
      columns: header.length,
      skip: headerLine,
      delimiter,
      quote: csv.quote,
      checkWidth: true,
      encoding: utf8.readAs,
    });
    let lfCopy: { cleanup: () => void } | undefined;
    let starts: RecordStarts | undefined;
    return {
      header,
      ...reads,
      readLfLineEndings: async () => {
        if (!hasMixedLineEndings(utf8.path)) return false;
        const copy = await lfLineEndingsCopy(utf8.path, utf8.readAs);
        lfCopy = copy;
        readFrom(copy.path, "utf-8");
        return true;
      },
      // The UTF-8 copy (or the LF copy made from it) has the original's lines, whatever it was encoded in.
      recordStarts: () => {
        starts ??= readRecordStarts(utf8.path, {
          skip: headerLine,
          delimiter,
          quote: csv.quote,
          encoding: utf8.readAs,
        });
        return starts;
      },
      numbersArePhysical: () =>
        starts
          ? numbersArePhysical(starts)
          : numbersArePhysicalInFile(utf8.path, { quote: csv.quote, encoding: utf8.readAs }),
      rejects: true,
      widthChecked: true,
      cellsFromFileBytes: true,
      headerLine,
      lineColumn: null,
      decimalComma: csv.decimalComma,
      delimiter,
      quote: csv.quote,
      warnings,
      cleanup: () => {
        lfCopy?.cleanup();
        utf8.cleanup();
      },
    };
  } catch (error) {
    utf8.cleanup();
    throw error;
  }
}
