/**
 * Words that name the same thing in the exports we meet (English, Swedish, Dutch), folded onto the
 * word a contract field uses, so "Student ID" finds student_key and "Kurskod" finds course_code.
 */
const SYNONYMS: Record<string, string[]> = {
  code: ["kod", "cd", "key", "id", "nr", "no", "number", "num", "nummer", "identifier", "ident"],
  course: ["module", "kurs", "vak"],
  programme: ["program", "opleiding"],
  term: ["presentation", "termin", "semester", "period"],
  outcome: ["result", "resultat", "final", "target", "status"],
  gender: ["sex", "kon", "geslacht"],
  credits: ["hp", "ects", "poang", "hogskolepoang", "studiepunten", "credit"],
  on: ["date", "datum", "day"],
  registered: ["registration", "registrering", "registrerad", "inschrijving", "enrolled", "enrolment"],
  unregistered: ["unregistration", "avregistrering", "uitschrijving", "withdrawal"],
  student: ["studerande", "learner", "pupil"],
  institution: ["brin", "instelling", "larosate", "university"],
  municipality: ["gemeente", "kommun"],
  province: ["provincie", "lan"],
  persons: ["count", "antal", "aantal"],
  year: ["jaar", "ar"],
  email: ["mail", "epost"],
  first: ["fornamn", "voornaam", "given"],
  last: ["efternamn", "achternaam", "surname", "family"],
  name: ["namn", "naam"],
  grade: ["betyg", "cijfer", "score", "mark"],
  prior: ["previous", "highest", "tidigare", "vooropleiding"],
  education: ["qualification", "utbildning", "onderwijs"],
  form: ["vorm", "studieform"],
  entry: ["admission", "entrance", "antagning", "toelating"],
  // the steps of an application choice (admissions.choices), as joint-admissions exports name them
  eligible: ["eligibility", "behorig", "behorighet", "qualified"],
  offered: ["offer", "invited", "invitation", "admitted", "antagen", "toegelaten"],
  accepted: ["signed", "acceptance", "accept", "tackat"],
  declined: ["decline", "aterbud", "refused"],
};

/** Compound words (Swedish, Dutch) that stand for several field words. */
const COMPOUNDS: Record<string, string> = {
  kurskod: "course code",
  opleidingscode: "programme code",
  opleidingsnaam: "programme name",
  opleidingsvorm: "study form",
  instellingsnaam: "institution name",
  gemeentenummer: "municipality code",
  gemeentenaam: "municipality",
  personnummer: "national code",
};

const CANONICAL = new Map<string, string>();
for (const [canonical, words] of Object.entries(SYNONYMS))
  for (const word of words) CANONICAL.set(word, canonical);

function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Words of a header or field name: camelCase split, diacritics folded, synonyms unified. */
export function nameTokens(name: string): string[] {
  return words(name)
    .flatMap((word) => (COMPOUNDS[word] ?? word).split(" "))
    .map((word) => CANONICAL.get(word) ?? word);
}

function bigrams(text: string): string[] {
  return Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));
}

function dice(a: string, b: string): number {
  const left = bigrams(a);
  const right = bigrams(b);
  if (left.length === 0 || right.length === 0) return a === b ? 1 : 0;
  const pool = [...right];
  let shared = 0;
  for (const gram of left) {
    const at = pool.indexOf(gram);
    if (at >= 0) {
      shared++;
      pool.splice(at, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

/**
 * 0..1: shared words (after synonyms), or failing that, shared letter pairs of the names as written
 * (synonyms left out there, or a shared synonym would count twice).
 */
export function nameSimilarity(header: string, field: string): number {
  const a = nameTokens(header);
  const b = nameTokens(field);
  if (a.length === 0 || b.length === 0) return 0;
  const setA = new Set(a);
  const setB = new Set(b);
  const shared = [...setA].filter((word) => setB.has(word)).length;
  const jaccard = shared / new Set([...a, ...b]).size;
  return Math.max(jaccard, 0.9 * dice(words(header).join(""), words(field).join("")));
}
