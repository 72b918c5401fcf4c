/**
 * An OLE compound file: the old binary .xls, and what Excel makes of an .xlsx when it is saved with a
 * password (the encrypted package is wrapped in one).
 */
const OLE_COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0];

export const OLE_WORKBOOK = "password-protected or legacy .xls workbook: save it unprotected as .xlsx or CSV";

/** Whether the sample starts as an OLE compound file does. */
export function isOleCompoundFile(sample: Uint8Array): boolean {
  return OLE_COMPOUND_FILE.every((byte, i) => sample[i] === byte);
}

/** Magic numbers of files that land in an inbox by mistake, named so the user knows what they sent. */
const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document"],
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (an .xlsx file under another name?)"],
  [[0x1f, 0x8b], "a gzip archive"],
  [OLE_COMPOUND_FILE, `a ${OLE_WORKBOOK}`],
  [[0x50, 0x41, 0x52, 0x31], "a Parquet file (name it .parquet)"],
];

function isControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d;
}

/**
 * Control bytes a text sample may hold: two anywhere (a DOS end-of-file mark, a vertical tab for a
 * line break in a cell), more only at one in a hundred. A fixed floor of 8 let a small binary file
 * through (5 control bytes in 9).
 */
const STRAY_CONTROLS = 2;

/**
 * What a sample looks like if it is not delimited text, or null. A stray NUL in an otherwise text
 * file is a data problem for the quarantine; a sample thick with control bytes is not text at all.
 */
export function binaryKind(sample: Uint8Array): string | null {
  for (const [magic, kind] of SIGNATURES) {
    if (magic.every((byte, i) => sample[i] === byte)) return kind;
  }
  // UTF-16 text is half NUL bytes; its byte-order mark says so.
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return null;
  let controls = 0;
  for (const byte of sample) if (isControl(byte)) controls++;
  return controls > Math.max(STRAY_CONTROLS, sample.length / 100)
    ? "binary data, not text (UTF-16 without a byte-order mark? then set csv.encoding to utf-16)"
    : null;
}
