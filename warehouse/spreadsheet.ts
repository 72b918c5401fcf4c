/**
 * Formula injection (CWE-1236): a spreadsheet program opening a CSV runs a cell that starts with `=`, `+`,
 * `-` or `@` as a formula (`=HYPERLINK(...)`, DDE commands), and a leading TAB or CR can hide such a
 * start. Values here come from extracts we do not control, so every CSV or sheet slm writes for people
 * passes its cells through this: a leading `'` makes the program show the text as text. Plain numbers
 * (`-3`, `+46701234567`) cannot run and keep their sign.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/;

export function spreadsheetCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}
