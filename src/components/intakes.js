// Intakes in the order they start, from the institution calendar's dates the manifest carries: as text
// "HT2025" sorted after "VT2026" whatever the years, and a per-page guess at the term letters knew only
// the Swedish and Dutch labels.

/** Newest first: by start date (the deadline where the calendar has no start), unknown intakes last. */
export function newestFirst(manifest, intakes) {
  const when = new Map((manifest.intakes ?? []).map((d) => [d.intake, d.start_on ?? d.deadline]));
  return [...new Set(intakes)]
    .filter((i) => i != null)
    .sort((a, b) => {
      const [x, y] = [when.get(a), when.get(b)];
      if (x && y && x !== y) return x < y ? 1 : -1;
      if (x && !y) return -1;
      if (y && !x) return 1;
      return a < b ? 1 : a > b ? -1 : 0;
    });
}

/** The same intake one cycle earlier (HT2026 -> HT2025), as the calendar pairs them; null if it knows none. */
export function previousIntake(manifest, intake) {
  return (manifest.intakes ?? []).find((d) => d.intake === intake)?.previous_intake ?? null;
}

/**
 * The intake a page opens on: the newest with data worth reading (`hasData`: e.g. applicants; a cycle
 * whose applications have not opened says "<5 persons"), preferring one with a previous cycle to compare.
 */
export function openingIntake(manifest, intakes, hasData) {
  return (
    intakes.find((i) => hasData(i) && intakes.includes(previousIntake(manifest, i))) ??
    intakes.find(hasData) ??
    intakes[0]
  );
}
