/** How numbers read in progress lines and on the terminal alike (the command line prints with these too). */
export function seconds(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)}s`;
}

export function count(value: number): string {
  return value.toLocaleString("en-GB");
}

const NAMED_CONTROLS: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text from outside (file names, a file's bytes in a message) shown on a terminal: control characters
 * (C0, DEL, C1: an ESC sequence recolours or rewrites the screen) and the bidirectional overrides (which
 * make a name read backwards) become visible escapes, so what is printed is what is there. `keep` lists
 * the controls a multi-line text may keep.
 */
export function printable(text: string, keep = ""): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    keep.includes(c) ? c : (NAMED_CONTROLS[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}
