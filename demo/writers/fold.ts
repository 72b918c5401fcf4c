import { encodeWindows1252 } from "../../loaders/encoding/windows1252.ts";

const encodable = new Map<string, boolean>();

function canEncode(ch: string): boolean {
  let ok = encodable.get(ch);
  if (ok === undefined) {
    try {
      encodeWindows1252(ch);
      ok = true;
    } catch {
      ok = false;
    }
    encodable.set(ch, ok);
  }
  return ok;
}

/** Letters that do not decompose into base + accent but have an obvious ASCII stand-in. */
const STAND_INS: Readonly<Record<string, string>> = { ı: "i", ł: "l", Ł: "L", đ: "d", Đ: "D", ø: "o" };

/**
 * Makes text representable in Windows-1252 the way old Windows exports do: keep what the code page
 * has (å, ö, é, Š...), drop the accents of what it lacks (ş -> s, ễ -> e) and write `?` for the rest.
 */
export function foldToWindows1252(s: string): string {
  // Fast path: ASCII and latin-1 letters are always encodable.
  if (/^[\x20-\x7e\xa0-\xff]*$/.test(s)) return s;
  let out = "";
  for (const ch of s) {
    if (canEncode(ch)) {
      out += ch;
      continue;
    }
    const base = STAND_INS[ch] ?? ch.normalize("NFD").replace(/\p{M}/gu, "");
    out += base !== ch && [...base].every(canEncode) ? base : "?";
  }
  return out;
}

/** Removes diacritics entirely (Åsa -> Asa), as people do when a form or keyboard will not take them. */
export function stripDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(
      /[ıłŁøØđĐß]/g,
      (c) => ({ ı: "i", ł: "l", Ł: "L", ø: "o", Ø: "O", đ: "d", Đ: "D", ß: "ss" })[c] ?? c,
    );
}
