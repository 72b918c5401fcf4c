// One definition of each headline number, read by Overview and Funnel alike, so the two pages cannot
// show different counts for the same intake, stage and date. Two published tables answer two questions:
// - as of the reference date: the cohort funnel (pub_funnel_by_intake), all programmes, in any order;
// - as of a week of the cycle: the week-by-week progress (pub_cycle_progress), which counts an inquiry
//   for the intake of its admission cycle and so differs from the cohort funnel's programme cohorts.
// A sentence names which one it shows.

/** The funnel row of a stage over all programmes (the margin row) for an intake and ordering. */
export function funnelRow(funnel, { intake, stage, ordering = "any" }) {
  return (
    funnel.find(
      (d) =>
        d.intake === intake &&
        d.ordering === ordering &&
        d.stage === stage &&
        d.total_over === "programme_code",
    ) ?? null
  );
}

/** The week-by-week progress row of a stage for an intake, `weeks` before its application deadline. */
export function progressRow(progress, { intake, stage, weeks }) {
  return (
    progress.find((d) => d.intake === intake && d.stage === stage && d.weeks_to_deadline === weeks) ?? null
  );
}

/**
 * Persons who had reached `stage` for `intake`: as of the reference date (weeks null) from the cohort
 * funnel, else `weeks` before the deadline from the progress. `persons` is null when suppressed or not
 * measured. The funnel has a row for every stage of every cohort it has, so an intake it has no row for
 * has no cohort yet: 0 persons, not a suppressed count (the marker would claim 1 to 4).
 */
export function stageCount({ funnel, progress }, { intake, stage, weeks = null }) {
  const row =
    weeks == null ? funnelRow(funnel, { intake, stage }) : progressRow(progress, { intake, stage, weeks });
  const noCohort = weeks == null && row == null && !funnel.some((d) => d.intake === intake);
  return {
    persons: noCohort ? 0 : (row?.persons ?? null),
    suppressed: row?.persons_suppressed === true,
    source: weeks == null ? "funnel" : "progress",
  };
}

/**
 * A cohort's cumulative conversion as a sentence states it: the numerator, the denominator, and the rate
 * that is their quotient (the published rate is computed from the same rounded counts, so it is the
 * quotient of what is shown); null parts where suppressed.
 */
export function cumulative(row) {
  if (!row) return null;
  return {
    num: row.cumulative_num ?? null,
    den: row.cumulative_den ?? null,
    rate: row.cumulative_conversion_suppressed ? null : (row.cumulative_conversion ?? null),
  };
}
