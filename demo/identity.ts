/**
 * Hands out identifiers that are valid and unique across the population, with memory bounded by the
 * number of distinct birth dates and name patterns, not by the number of persons.
 */
import { makeBsn, makeSwedishId } from "../identifiers/index.ts";
import { isoDate } from "./calendar.ts";
import { hashInts, type Rng } from "./prng.ts";
import { stripDiacritics } from "./writers/fold.ts";

export type SwedishKind = "personnummer" | "samordningsnummer" | "interim";

// Each letter once: a letter's 99 serials are one block, so a letter listed twice handed its numbers out again.
const INTERIM_LETTERS_USED = ["T", "R", "S", "U"] as const;

export class IdentityAllocator {
  private readonly serials = new Map<string, number>();
  private readonly emails = new Map<string, number>();
  private contactSeq = 0;

  constructor(private readonly seed: number) {}

  /**
   * A Swedish number for a birth date and sex. The ninth digit is odd for men and even for women, as
   * Skatteverket assigns it. Serials are taken in a scrambled order per date; when a date's serials
   * run out, the next day is used (the returned birth day says which).
   */
  swedish(birth: number, female: boolean, kind: SwedishKind): { id: string; birth: number } {
    for (let b = birth; ; b++) {
      // An interim number has no sex digit, so its serials are counted per day alone: per day and sex, the
      // first woman and the first man of a day shared one number.
      const key = kind === "interim" ? `${kind}:${b}` : `${kind}:${b}:${female ? 1 : 0}`;
      const k = this.serials.get(key) ?? 0;
      if (kind === "interim") {
        if (k >= 99 * INTERIM_LETTERS_USED.length) continue;
        this.serials.set(key, k + 1);
        // Interim serials have two digits; the letter takes the first serial position.
        const letter = INTERIM_LETTERS_USED[Math.floor(k / 99)]!;
        const serial = ((k * 37 + (hashInts(this.seed, b) % 99)) % 99) + 1;
        return { id: makeSwedishId(isoDate(b), serial, { kind, letter }), birth: b };
      }
      const slots = female ? 499 : 500;
      if (k >= slots) continue;
      this.serials.set(key, k + 1);
      const idx = (k * 263 + (hashInts(this.seed, b, female ? 1 : 0) % slots)) % slots;
      const serial = female ? 2 * idx + 2 : 2 * idx + 1;
      return { id: makeSwedishId(isoDate(b), serial, { kind }), birth: b };
    }
  }

  /**
   * A BSN unique to the person index. A bijection of [0, 1e7) scrambles the index into the first seven
   * digits; of the ten eighth digits at most one leaves no valid check digit, so one always works.
   */
  bsn(index: number): string {
    const block = Number((BigInt(index) * 4_827_111n + 1_234_567n) % 10_000_000n);
    const start = hashInts(this.seed, index) % 10;
    for (let t = 0; t < 10; t++) {
      const bsn = makeBsn(String(block).padStart(7, "0") + String((start + t) % 10));
      if (bsn) return bsn;
    }
    throw new Error(`no BSN for person ${index}`);
  }

  /**
   * A unique e-mail address in one of the forms people choose. A second person with the same pattern
   * gets a number, as mail providers force.
   */
  email(rng: Rng, first: string, last: string, domain: string): string {
    const f = slug(first);
    const l = slug(last);
    const style = rng.int(0, 4);
    const base =
      style === 0
        ? `${f}.${l}`
        : style === 1
          ? `${f[0]}${l}`
          : style === 2
            ? `${f}${l}`
            : style === 3
              ? `${f}_${l[0]}`
              : `${l}.${f}`;
    const key = `${base}@${domain}`;
    const n = (this.emails.get(key) ?? 0) + 1;
    this.emails.set(key, n);
    return n === 1 ? key : `${base}${n}@${domain}`;
  }

  contactId(): string {
    this.contactSeq++;
    return `C${String(this.contactSeq).padStart(7, "0")}`;
  }
}

function slug(name: string): string {
  return stripDiacritics(name)
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

/** A UUID-shaped identifier (Ladok UIDs look like this). */
export function uuid(rng: Rng): string {
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  const a = hex(rng.nextU32());
  const b = hex(rng.nextU32());
  const c = hex(rng.nextU32());
  const d = hex(rng.nextU32());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${((Number.parseInt(c[0]!, 16) & 3) | 8).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
