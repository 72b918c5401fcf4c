import parseSax from "exceljs/lib/utils/parse-sax.js";

/** A shared string as exceljs's workbook reader gives it: text, or rich text (here its runs joined in one). */
export type SharedString = string | { richText: { text: string }[] };

/** Excel's escape for characters XML cannot hold (`_x000D_` for a carriage return), undone as exceljs does. */
export function unescapeText(text: string): string {
  return text.replace(/_x([0-9A-F]{4})_/g, (_match, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Reads xl/sharedStrings.xml as exceljs's whole-workbook reader does, not as its streaming reader
 * does (that one reads a phonetic guide `<rPh>` in place of the text and leaves `_xHHHH_` escapes).
 * An `<si>` is its own `<t>` text if it has one, else its `<r>` runs as rich text.
 */
export async function readSharedStrings(text: AsyncIterable<string>): Promise<SharedString[]> {
  const strings: SharedString[] = [];
  let plain: string | undefined;
  let runs: string[] | undefined;
  let run: string | undefined;
  let depth = 0; // elements open inside the current <si>
  let inRun = false;
  let inPhonetic = false;
  let collecting: string[] | undefined;
  for await (const events of parseSax(text)) {
    for (const event of events) {
      if (event.eventType === "text") {
        collecting?.push(event.value);
        continue;
      }
      const name = event.value.name;
      if (name === "si") {
        if (event.eventType === "opentag") {
          plain = undefined;
          runs = undefined;
          depth = 0;
        } else {
          strings.push(plain ?? (runs ? { richText: [{ text: runs.join("") }] } : ""));
        }
        continue;
      }
      if (event.eventType === "opentag") {
        depth++;
        if (name === "rPh") inPhonetic = true;
        else if (name === "r" && depth === 1) {
          inRun = true;
          run = undefined;
        } else if (name === "t" && !inPhonetic && (depth === 1 || inRun)) collecting = [];
        continue;
      }
      if (name === "t" && collecting) {
        const value = unescapeText(collecting.join(""));
        collecting = undefined;
        if (inRun) run = value;
        else plain = value;
      } else if (name === "r" && inRun) {
        inRun = false;
        runs = runs ?? [];
        runs.push(run ?? "");
      } else if (name === "rPh") inPhonetic = false;
      depth--;
    }
  }
  return strings;
}
