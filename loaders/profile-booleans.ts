import { listValue } from "@duckdb/node-api";
import { z } from "zod";
import type { Params } from "./params.ts";

/** A spelling as compared: trimmed, case folded ("Yes", "YES" and " yes" are one spelling). */
const fold = (spelling: string) => spelling.trim().toLowerCase();

/**
 * How one export spells true and false in a boolean field, in place of the built-in spellings
 * (1/0, true/false, yes/no, ja/nej, X...). "" in a list gives an empty cell that meaning.
 */
export const booleanSpellingsSchema = z
  .object({ true: z.array(z.string()).min(1), false: z.array(z.string()).min(1) })
  .strict()
  .superRefine((spellings, ctx) => {
    const trues = new Set(spellings.true.map(fold));
    for (const spelling of spellings.false) {
      if (trues.has(fold(spelling))) {
        ctx.addIssue({
          code: "custom",
          path: ["false"],
          message: `"${spelling}" is spelled both true and false`,
        });
      }
    }
  });

export type BooleanSpellings = z.infer<typeof booleanSpellingsSchema>;

/** The built-in spellings, for a field the profile declares none for. */
const DEFAULT_TRUE = ["1", "true", "yes", "y", "ja", "j", "x"];
const DEFAULT_FALSE = ["0", "false", "no", "n", "nej"];

/** Whether an empty cell has a meaning: then it is read as "" rather than as no value. */
export function spellsEmpty(spellings: BooleanSpellings | undefined): boolean {
  return spellings !== undefined && [...spellings.true, ...spellings.false].some((s) => fold(s) === "");
}

/** SQL reading a (trimmed) text value as a boolean: NULL when it is none of the spellings. */
export function booleanValue(value: string, spellings: BooleanSpellings | undefined, params: Params): string {
  const list = (values: string[]) => `${params.add(listValue(values.map(fold)))}::VARCHAR[]`;
  const trues = spellings ? list(spellings.true) : list(DEFAULT_TRUE);
  const falses = spellings ? list(spellings.false) : list(DEFAULT_FALSE);
  return `(CASE WHEN list_contains(${trues}, lower(${value})) THEN true
                WHEN list_contains(${falses}, lower(${value})) THEN false END)`;
}

/** The quarantine detail of a value that is none of the declared spellings (the profile's words only). */
export function booleanDetail(field: string, spellings: BooleanSpellings | undefined): string {
  if (!spellings)
    return `expected boolean (1/0, true/false, yes/no, ja/nej, x); declare others in booleans.${field}`;
  const shown = (values: string[]) => values.map((v) => JSON.stringify(v)).join(", ");
  return `expected one of booleans.${field}: true ${shown(spellings.true)}; false ${shown(spellings.false)}`;
}
