import type { Warehouse } from "../../warehouse/connection.ts";
import { quoteIdent } from "../../warehouse/sql.ts";
import type { Params } from "../params.ts";
import type { BooleanSpellings } from "../profile-booleans.ts";
import { positionOf } from "../scan.ts";
import { BOOLEAN_PAIRS, type ColumnType } from "./column-types.ts";

/** A column with at most this many distinct values has them listed: a code list, or a flag. */
export const MAX_CODES = 30;
const SAMPLE_ROWS = 100_000;

/** What a column looks like beyond its kind, for the user to confirm. */
export type ColumnRole = "person id" | "key" | "flag" | "code list";

/**
 * Each column's distinct values with their counts, for the columns with few (a code list, a flag);
 * null for the others. Values leave DuckDB as JSON text (the client wraps maps).
 */
export async function columnValues(
  warehouse: Warehouse,
  relation: (params: Params) => string,
  types: ColumnType[],
  params: Params,
): Promise<(Map<string, number> | null)[]> {
  const listed = types.flatMap((type, index) =>
    type.nonBlank > 0 && type.distinct <= MAX_CODES ? [index] : [],
  );
  if (listed.length === 0) return types.map(() => null);
  const from = `(SELECT * FROM ${relation(params)} LIMIT ${SAMPLE_ROWS})`;
  const row = await warehouse.one<Record<string, string | null>>(
    `SELECT ${listed
      .map((i) => {
        const column = quoteIdent(positionOf(i));
        return `to_json(histogram(NULLIF(trim(${column}), '')))::VARCHAR AS ${column}`;
      })
      .join(", ")} FROM ${from}`,
    params.values,
  );
  return types.map((_, index) => {
    const json = listed.includes(index) ? row?.[positionOf(index)] : null;
    if (!json) return null;
    const counts = JSON.parse(json) as Record<string, number>;
    return new Map(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
  });
}

/** The word written as the example is: YES, Yes or yes. */
function caseLike(word: string, example: string): string {
  if (example.length > 1 && example === example.toUpperCase()) return word.toUpperCase();
  if (example[0] && example[0] === example[0].toUpperCase())
    return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/**
 * The spellings of true and false a column uses, when every value it holds is one of a known pair
 * (yes/no, ja/nej, true/false, 1/0, X or blank...); null when it is not a flag. A side the sample does
 * not show is filled with the pair's other word, written as the seen one is.
 */
export function flagSpellings(values: Map<string, number> | null, type: ColumnType): BooleanSpellings | null {
  if (!values || values.size === 0 || values.size > 2) return null;
  if (type.kind !== "text" && type.kind !== "integer") return null;
  const seen = [...values.keys()];
  const folded = new Set(seen.map((value) => value.toLowerCase()));
  const pair = BOOLEAN_PAIRS.find(([yes, no]) => [...folded].every((value) => value === yes || value === no));
  if (!pair) return null;
  const [yes, no] = pair;
  const trues = seen.filter((value) => value.toLowerCase() === yes);
  const falses = seen.filter((value) => value.toLowerCase() === no);
  const blanks = type.rows > type.nonBlank;
  // A ticked box: X where true, nothing where false.
  if (no === "") return { true: trues, false: [""] };
  return {
    true: trues.length > 0 ? trues : [caseLike(yes, falses[0]!)],
    false: falses.length > 0 ? falses : blanks ? [""] : [caseLike(no, trues[0]!)],
  };
}

/** Words of a header that name a person (English, Swedish, Norwegian, Danish, Finnish, Dutch). */
const PERSON_WORDS = [
  "person",
  "applicant",
  "student",
  "studerande",
  "sokande",
  "soker",
  "ansoger",
  "hakija",
  "henkilo",
  "contact",
  "member",
  "candidate",
  "pupil",
  "learner",
  "elev",
  "deelnemer",
  "participant",
];
const ID_WORDS =
  /(^|[^a-z])(id|nr|no|key|code|kod|nummer|number|numero|tunnus|uid)([^a-z]|$)|id$|nr$|nummer$|numero$|tunnus$/;

function folded(header: string): string {
  return header
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ø/gi, "o")
    .toLowerCase();
}

/**
 * What a column looks like: an identifier (code-like values, nearly all different, a header that says
 * so; a person's when the header names one, a row key when no value repeats), a flag, or a code list
 * (few values, each repeated: a map to fill in). Null when none of these.
 */
export function columnRole(
  header: string,
  type: ColumnType,
  flag: BooleanSpellings | null,
): ColumnRole | null {
  if (flag) return "flag";
  // Few values, each repeated: a code list, even when its header says "code".
  const fewValues = type.distinct <= MAX_CODES && type.nonBlank >= 10 && type.distinct * 3 <= type.nonBlank;
  if (type.kind === "text" && fewValues) return "code list";
  const name = folded(header);
  const person = PERSON_WORDS.some((word) => name.includes(word));
  const idLike =
    (type.kind === "text" || type.kind === "integer") &&
    type.nonBlank > 0 &&
    type.codeLike === type.nonBlank &&
    type.distinct >= Math.max(2, 0.2 * type.nonBlank) &&
    (ID_WORDS.test(name) || person);
  if (idLike && person) return "person id";
  if (idLike && type.distinct === type.nonBlank) return "key";
  return null;
}
