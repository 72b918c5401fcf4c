/**
 * The measures both funnel publish tables carry. Their counts share populations, so the intake totals of
 * pub_funnel_by_channel (over channel and country) and the all-programmes rows of pub_funnel_by_intake
 * are one cell each, protected together.
 */
export const FUNNEL_MEASURES = [
  { kind: "count", column: "persons", population: "funnel.persons" },
  { kind: "count", column: "next_step_num", population: "funnel.next_step_num" },
  { kind: "count", column: "next_step_den", population: "funnel.next_step_den" },
  { kind: "count", column: "cumulative_num", population: "funnel.cumulative_num" },
  { kind: "count", column: "cumulative_den", population: "funnel.cumulative_den" },
  { kind: "rate", name: "next_step_conversion", numerator: "next_step_num", denominator: "next_step_den" },
  { kind: "rate", name: "cumulative_conversion", numerator: "cumulative_num", denominator: "cumulative_den" },
] as const;

/**
 * A stage no source delivers (mart_funnel_stages.data_status 'no_source'), or one the intake cannot have reached
 * yet ('not_yet_observable': its observation window in the metric registry is open), is published as no data:
 * its figures NULL beside data_status, never 0% (the status is the stage's and intake's, so every margin over
 * programmes, channels and country groups shares it).
 */
export const FUNNEL_STATUS = {
  column: "data_status",
  measures: FUNNEL_MEASURES.map((m) => ("column" in m ? m.column : m.name)),
};
