/**
 * Secondary schools of origin, with planted effects on their students' performance. Some schools have
 * effect 0; the others push performance up or down, each by its own amount; some are selective (better
 * entry grades, no effect: a school-performance model that ignores entry grade would wrongly credit them);
 * some are small.
 */
import type { Rng } from "../prng.ts";
import { RATES } from "../rates.ts";
import type { Country } from "./programmes.ts";

export interface School {
  /** SE: 8-digit skolenhetskod. NL: 4-character BRIN (2 digits, 2 letters). */
  code: string;
  /** NL: two-digit vestiging (branch) number; SE: empty. */
  branch: string;
  country: Country;
  name: string;
  municipality: string;
  /** Planted effect on ability, in ability units (1 = one standard deviation of entry grade). */
  effect: number;
  /** Planted shift of entry grade z-scores, without any effect on performance. */
  gradeShift: number;
  small: boolean;
}

const SE_TOWNS = [
  "Stockholm",
  "Göteborg",
  "Malmö",
  "Uppsala",
  "Västerås",
  "Örebro",
  "Linköping",
  "Helsingborg",
  "Jönköping",
  "Norrköping",
  "Lund",
  "Umeå",
  "Gävle",
  "Borås",
  "Eskilstuna",
  "Södertälje",
  "Karlstad",
  "Täby",
  "Växjö",
  "Halmstad",
  "Sundsvall",
  "Luleå",
  "Trollhättan",
  "Östersund",
  "Falun",
  "Kalmar",
  "Skövde",
  "Kristianstad",
];
const SE_KINDS = [
  "Katedralskolan",
  "Polhemsgymnasiet",
  "Rudbeckianska gymnasiet",
  "Viktor Rydbergs gymnasium",
  "Thorildsplans gymnasium",
  "Procivitas privata gymnasium",
  "NTI Gymnasiet",
  "Hvitfeldtska gymnasiet",
  "Spyken",
  "Borgarskolan",
  "Fria Läroverken",
  "Praktiska Gymnasiet",
  "Åva gymnasium",
  "Östra Real",
  "Norra Real",
  "Kunskapsgymnasiet",
  "Ebba Brahe-skolan",
];
const NL_TOWNS = [
  "Amsterdam",
  "Rotterdam",
  "Den Haag",
  "Utrecht",
  "Eindhoven",
  "Groningen",
  "Tilburg",
  "Almere",
  "Breda",
  "Nijmegen",
  "Arnhem",
  "Haarlem",
  "Enschede",
  "Leiden",
  "Maastricht",
  "Delft",
  "Zwolle",
  "Leeuwarden",
  "'s-Hertogenbosch",
];
const NL_KINDS = [
  "Stedelijk Gymnasium",
  "Christelijk Lyceum",
  "Openbaar Lyceum",
  "Montessori Lyceum",
  "Sint-Janscollege",
  "Het Baarnsch Lyceum",
  "Erasmus College",
  "Vossius Gymnasium",
  "Scholengemeenschap",
  "Dalton College",
];
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * A school's planted effect from one uniform draw r in [0, 1): exactly 0 below RATES.schools.noEffect, otherwise
 * rising monotonically with r from -effectMax to -effectMin (times negativeScale) and from +effectMin to
 * +effectMax (the sign and the size uniform), rounded to 0.001 so the truth states the effect the students get.
 * One draw per school, as the registry has always taken, so the schools' codes, names, selectivity and sizes do
 * not depend on this design.
 */
export function plantedEffect(r: number): number {
  const { noEffect, effectMin, effectMax, negativeScale } = RATES.schools;
  if (r < noEffect) return 0;
  const u = (r - noEffect) / (1 - noEffect);
  const size = effectMin + (effectMax - effectMin) * Math.abs(2 * u - 1);
  return Math.round((u < 0.5 ? -negativeScale * size : size) * 1000) / 1000;
}

export class SchoolRegistry {
  readonly schools: School[] = [];
  private readonly cumulative: number[] = [];

  constructor(
    rng: Rng,
    readonly country: Country,
    count: number,
  ) {
    const used = new Set<string>();
    const weights: number[] = [];
    for (let rank = 0; rank < count; rank++) {
      let code: string;
      do {
        code =
          country === "se"
            ? String(rng.int(10_000_000, 99_999_999))
            : `${String(rng.int(0, 99)).padStart(2, "0")}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}`;
      } while (used.has(code));
      used.add(code);
      const s = RATES.schools;
      const effect = plantedEffect(rng.float());
      const gradeShift = rng.chance(s.selective) ? s.selectiveGradeShift : 0;
      const small = rng.chance(s.small);
      const town = rng.pick(country === "se" ? SE_TOWNS : NL_TOWNS);
      const kind = rng.pick(country === "se" ? SE_KINDS : NL_KINDS);
      this.schools.push({
        code,
        branch: country === "nl" ? (rng.chance(0.85) ? "00" : "01") : "",
        country,
        name: `${kind} ${town}`,
        municipality: town,
        effect,
        gradeShift,
        small,
      });
      // Popularity falls with rank, as feeder schools do; small schools get a tenth.
      weights.push((1 / (rank + 1) ** 0.6) * (small ? 0.1 : 1));
    }
    let total = 0;
    for (const w of weights) {
      total += w;
      this.cumulative.push(total);
    }
  }

  pick(rng: Rng): School {
    const target = rng.float() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.schools[lo]!;
  }

  /** How many schools a population of this size draws from: enough for n >= 10 at many of them. */
  static countFor(personsOfCountry: number): number {
    return Math.max(20, Math.min(800, Math.round(personsOfCountry / 150)));
  }
}
