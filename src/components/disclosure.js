// The disclosure rules in words, from the settings the release was made with (manifest.disclosure,
// written by pipelines/export.ts): a page, a note or the footer that restated "5" or "23" itself would
// say the wrong thing the day an institution sets other thresholds.
export function disclosure(manifest) {
  const d = manifest.disclosure;
  const schoolCell = Math.max(d.minCount, d.minSchoolCell);
  // controlled rounding (DESIGN §7): the multiple below or above, chosen so that totals add up
  const rounded =
    d.roundTo > 1 ? `rounded to a multiple of ${d.roundTo} next to the true count` : "not rounded";
  return {
    ...d,
    schoolCell,
    /** "rounded to a multiple of 5 next to the true count" */
    rounded,
    /** An axis or column label for person counts: "Persons (rounded to 5)". */
    persons: (noun = "Persons") => (d.roundTo > 1 ? `${noun} (rounded to ${d.roundTo})` : noun),
    /** "fewer than 5 persons" */
    fewer: `fewer than ${d.minCount} persons`,
    /** The rule for counts, as a sentence. */
    counts: `Counts are distinct persons, ${rounded}; a cell with fewer than ${d.minCount} persons is suppressed and shown as “${d.marker}”, never as 0.`,
    /** The rule for rates, as a sentence. */
    rates: `Rates resting on fewer than ${d.rateShownFrom} persons (as published) are not shown.`,
    /** The rule for means, as a sentence. */
    means: `Means resting on fewer than ${d.meanShownFrom} persons (as published) are not shown.`,
    /** The rule for school-of-origin cells, as a sentence. */
    schools: `A school is shown only with at least ${schoolCell} students.`,
    /** The site's footer. */
    footer: `Aggregates only, after disclosure control: counts of persons ${rounded}, cells under ${d.minCount} persons shown as “${d.marker}”, rates on fewer than ${d.rateShownFrom} persons (as published) not shown.`,
  };
}
