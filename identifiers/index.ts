export { type Bsn, makeBsn, parseBsn } from "./bsn.ts";
export { luhnCheckDigit, luhnValid } from "./luhn.ts";
export {
  formatSwedishId,
  type IdInvalidReason,
  type IdParseResult,
  INTERIM_LETTERS,
  makeSwedishId,
  parseSwedishId,
  type SwedishId,
  type SwedishIdFormatStyle,
  type SwedishIdKind,
  type SwedishIdParseOptions,
} from "./swedish-id.ts";
