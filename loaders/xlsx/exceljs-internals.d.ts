/**
 * exceljs's own XML event reader (saxes, batched per chunk), which its readers parse every part
 * with. Not in its typings; exceljs is pinned, and test/loaders/xlsx covers what is used of it.
 * It decodes each Buffer chunk on its own, splitting UTF-8 sequences at chunk edges: give it text.
 */
declare module "exceljs/lib/utils/parse-sax.js" {
  export interface SaxNode {
    name: string;
    attributes: Record<string, string>;
    isSelfClosing: boolean;
  }
  export type SaxEvent =
    | { eventType: "opentag"; value: SaxNode }
    | { eventType: "closetag"; value: SaxNode }
    | { eventType: "text"; value: string };
  export default function parseSax(chunks: AsyncIterable<string>): AsyncGenerator<SaxEvent[]>;
}
