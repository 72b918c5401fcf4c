/**
 * Disclosure control: the one module every published number passes through (DESIGN §7). Thresholds
 * come from `privacy` in slm.config.json (`Config["privacy"]`): minCount 5, roundTo 5,
 * minRateDenominator 23, minMeanPersons 8, minSchoolCell 10 by default.
 *
 * Rules
 * - Counts are of distinct pseudonymous persons (the marts count them; this module works on numbers).
 * - A count is rounded to a multiple of roundTo next to it, below or above, together with every total it
 *   is part of (controlled rounding, ./controlled.ts): the published cells of a line add up to its
 *   published total, so margin arithmetic tells a reader nothing the cells do not, and a published r means
 *   r - (roundTo - 1) .. r + (roundTo - 1) (rules.ts publishedInterval). Most counts go to their nearest
 *   multiple (the choice minimises the distance to the true counts); a rate's numerator never rounds above
 *   its denominator. A count of 1 .. minCount-1 persons is suppressed; a true 0 is published as 0.
 *   School-of-origin counts need max(minCount, minSchoolCell). Flat .sql models round to the nearest
 *   multiple (rounded_count), which is one of the two.
 * - A rate k/n is published beside its rounded numerator and denominator (both count measures of the
 *   same row) with its Wilson 95% score interval (`<rate>_low`, `<rate>_high`), all three computed from
 *   the published (rounded) counts (DESIGN §7), to four decimals: computed from the exact ones they gave
 *   both counts back (9,037 of 12,194 rates of the demo by the rate alone). It is shown only when every n
 *   its published denominator allows reaches minRateDenominator (school tables: max(that,
 *   minSchoolCell)): from a published 30 with the defaults, since a published 25 may be 21; and never
 *   when its numerator or denominator count is suppressed (the rate would give the count back).
 * - A mean is suppressed unless every count its rounded persons allow reaches minMeanPersons (school
 *   tables: max(that, minSchoolCell)): from a published 15 with the defaults. It is published to a step (rules.ts meanStep) from
 *   its declared `unit` (the step one person's value moves in) and its rounded persons, so that it tells
 *   its sum no better than to roundTo units and every count its rounding allows stays possible; a
 *   margin's mean weights its cells by their rounded persons (so a table with means and margins sums
 *   its margins: totals "sum"). Exact means gave their n away (51.1363...
 *   = 1125 / 22 on 20 published students).
 * - Secondary suppression. The release (all publish tables together) is a graph of cells; a cell is a
 *   count (or mean) of a population broken down by some dimensions, and a cell published in two tables
 *   (same population, same dimension values) is one cell. A line is an additive relation a reader can
 *   subtract along: a margin, a hierarchy level (programme -> faculty), or a coarser table, equals the
 *   sum of its children one breakdown finer. Every line holds no suppressed cell or at least two.
 *   Partners are chosen deterministically and cheapest first (fewest persons): the cheapest hypercube
 *   (a rectangle in two dimensions) per primary cell, then line by line. Finally the interval audit
 *   (./audit.ts) checks that no suppressed cell is pinned to a single value by the published, rounded
 *   cells and the lines (a pinned cell gets another partner), and that margin arithmetic pins no
 *   published count (it is suppressed then). After the tables are written, their rates and means are
 *   read back and checked against their counts (audit.ts rateLeak, meanLeak): a release in which one
 *   narrows a count fails whole.
 * - Suppressed values are published as NULL with `<column>_suppressed = true`, never as 0. Why a value
 *   is suppressed (primary or secondary) is not published: "secondary" would tell a reader the cell
 *   holds at least minCount persons.
 *
 * API
 * - A publish model is a file `pipelines/publish/<table>.ts` whose default export is
 *   `definePublishTable({ name, grain, source, dimensions, measures, margins?, totals?, schoolOfOrigin?, status? })`:
 *   `source` is `marts.<table>` or a SELECT with one row per finest cell; measures are
 *   `{ kind: "count" | "school-count", column, population? }` (`...counts("a", "b")` for plain ones), `{ kind: "rate", name, numerator,
 *   denominator }`, `{ kind: "mean", name, value, persons, unit, n?, population? }`; `margins` lists the
 *   dimension subsets also published (`crossMargins(...)` builds the usual ones), computed as sums
 *   (totals "sum") or taken from the source (totals "source", rows tagged `_grouping` = DuckDB
 *   `GROUPING(<dimensions>)`). Margin rows carry NULL in summed dimensions and `total_over` naming them.
 *   Cells link across tables when their measures declare the same `population`.
 * - `status: { column, measures }` (or a list of them) marks figures no source delivers or not yet
 *   observable: where the source column is not 'ok', the listed measures are published as NULL with
 *   `_suppressed` false (unknown, not hidden) and the column beside them; such figures are 0 in the source,
 *   and every cell a margin sums must share one status.
 * - `publishRelease(warehouse, options?)` builds every such table in one transaction (the caller's, when
 *   one is open). The runner calls it after the SQL models. Tables that share a population are one
 *   group (`linkedSpecs`): no line, rate or audit reaches from one group into another, so an incremental
 *   run passes the tables whose declaration, disclosure code and source models are unchanged as
 *   `current`, and a group that is current throughout keeps its tables as the last release left them.
 * - `publishTables(warehouse, specs, privacy)` does the same for given specs (tests, tools).
 * - `registerDisclosure(warehouse, privacy)` (per connection, from registerModelFunctions) binds the
 *   thresholds and the SQL macros a flat `.sql` publish model may use: disclosed_count, rounded_count,
 *   disclosed_school_count, disclosed_rate, disclosed_rate_low/_high, rate_suppressed,
 *   disclosed_mean(value, persons, unit), mean_step (the Wilson macros wilson_low / wilson_high come from pipelines/metrics/wilson.ts). A flat model has no margins and shares no cell with another table;
 *   anything else must be declared, so secondary suppression can see it.
 */
export {
  auditIntervals,
  meanLeak,
  type PublishedMean,
  type PublishedRate,
  pinnedCells,
  pinnedPublished,
  rateLeak,
  readerBounds,
} from "./audit.ts";
export { type ControlledRounding, controlledRounding } from "./controlled.ts";
export { buildGraph, type Cell, type CellInput, cellKey, type Graph, type Line } from "./graph.ts";
export { InfeasibleError, type LinearSystem, variableRanges } from "./lp.ts";
export {
  disclosureEngineFingerprint,
  discoverPublishSpecs,
  linkedSpecs,
  PUBLISH_DIR,
  type PublishedTable,
  publishRelease,
  publishTables,
  type ReleaseOptions,
  type ReleaseResult,
  sourceTables,
} from "./release.ts";
export {
  countThreshold,
  meanStep,
  meanThreshold,
  niceStep,
  type Privacy,
  primaryCountSuppressed,
  publishedInterval,
  publishedRate,
  RATE_DECIMALS,
  rateThreshold,
  roundCount,
  roundToStep,
  shownThreshold,
} from "./rules.ts";
export { type Protection, ProtectionError, protect, type RateLink } from "./secondary.ts";
export {
  counts,
  crossMargins,
  definePublishTable,
  type MeanMeasure,
  type Measure,
  meanUnitOf,
  type PublishSpec,
  PublishSpecError,
  type PublishSpecInput,
  statusesOf,
} from "./spec.ts";
export { registerDisclosure, registeredPrivacy, roundedCountSql } from "./sql.ts";
