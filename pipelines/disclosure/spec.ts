import { z } from "zod";

const IDENT = /^[a-z_][a-z0-9_]*$/;
const ident = z.string().regex(IDENT, "expected a lower-case SQL name (a-z, 0-9, _)");

/** Cells of two tables are the same cell when they share a population and their dimension values. */
const population = z.string().min(1).optional();

const countMeasure = z
  .object({
    kind: z.enum(["count", "school-count"]),
    /** Source column holding distinct persons; the published column has the same name. */
    column: ident,
    population,
  })
  .strict();

const rateMeasure = z
  .object({
    kind: z.literal("rate"),
    name: ident,
    /** Count measures of this table (published beside the rate, rounded). */
    numerator: ident,
    denominator: ident,
  })
  .strict();

/**
 * The step one person's value moves in (a whole score: 1; a 0/1 outcome: 1; credits: 1.5): the mean is
 * published to a step that keeps its sum, and so its persons, no more precise than the rounding
 * (rules.ts meanStep). Per row when it depends on a dimension: `{ by: "outcome", values: { credits: 1.5,
 * completion: 1 } }` (a margin over that dimension takes the largest). 0: a value computed only from
 * published counts and pooled figures (no person's value on a lattice behind it), published as computed.
 */
const unit = z.union([
  z.number().nonnegative().finite(),
  z
    .object({ by: ident, values: z.record(z.string(), z.number().nonnegative().finite()) })
    .strict()
    .refine((u) => Object.keys(u.values).length > 0, "values must name at least one category"),
]);

const meanMeasure = z
  .object({
    kind: z.literal("mean"),
    name: ident,
    /** Source column holding the mean. */
    value: ident,
    /** Count measure of this table: the distinct persons the mean rests on. */
    persons: ident,
    /** Source column weighting the mean in margins (observations); the persons column when omitted. */
    n: ident.optional(),
    unit,
    /** To the nearest step, or down or up: the ends of an interval round outward. */
    round: z.enum(["nearest", "down", "up"]).default("nearest"),
    population,
  })
  .strict();

const statusSchema = z.object({ column: ident, measures: z.array(ident).min(1) }).strict();

export const measureSchema = z.discriminatedUnion("kind", [countMeasure, rateMeasure, meanMeasure]);

export const publishSpecSchema = z
  .object({
    /** The table written: publish.<name>. */
    name: ident,
    /** The grain comment every model states. */
    grain: z.string().min(1),
    /**
     * `schema.table` or a SELECT over marts: one row per cell at the finest grain (totals "sum"), or one
     * row per published cell with `_grouping` = GROUPING(<dimensions in order>) (totals "source").
     */
    source: z.string().min(1),
    /** Dimension columns at the finest grain, in output order. */
    dimensions: z.array(ident),
    measures: z.array(measureSchema).min(1),
    /** Margins also published: each the subset of dimensions kept (the rest are summed over); [] = grand total. */
    margins: z.array(z.array(ident)).default([]),
    /**
     * "sum": margins are sums of the finest cells (each person in one category of each dimension).
     * "source": the source provides every margin row (distinct counts that need not add up).
     */
    totals: z.enum(["sum", "source"]).default("sum"),
    /** School-of-origin table: every cell needs minSchoolCell persons (counts, rate denominators, means). */
    schoolOfOrigin: z.boolean().default(false),
    /**
     * Figures no source delivers: where the source column `column` holds anything but 'ok' (or NULL), the
     * listed measures (count columns, rate and mean names) are published as NULL with `_suppressed` false,
     * unknown rather than hidden, and `column` is published beside them. Such figures are 0 in the source
     * (nobody reached a stage no system records), so every cell a margin sums must share one status
     * (checked), and a line of them holds only zeros: nothing there is suppressed or chosen as a partner.
     * Several statuses, each over its own measures, where figures of one row are unknown for different reasons
     * (outcomes whose observation windows close at different times).
     */
    status: z.union([statusSchema, z.array(statusSchema).min(1)]).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const issue = (message: string, path: (string | number)[] = []) =>
      ctx.addIssue({ code: "custom", message, path });
    const dims = new Set(spec.dimensions);
    if (dims.size !== spec.dimensions.length) issue("dimensions repeat", ["dimensions"]);
    const seen = new Set<string>();
    for (const [i, margin] of spec.margins.entries()) {
      for (const dim of margin)
        if (!dims.has(dim)) issue(`margin names ${dim}, not a dimension`, ["margins", i]);
      if (new Set(margin).size !== margin.length) issue("margin repeats a dimension", ["margins", i]);
      if (margin.length === spec.dimensions.length)
        issue("a margin must sum over a dimension", ["margins", i]);
      const key = [...margin].sort().join(",");
      if (seen.has(key)) issue("margin listed twice", ["margins", i]);
      seen.add(key);
    }
    for (const dim of spec.dimensions) {
      if (dim === "_row" || dim === "_grouping" || dim === "total_over")
        issue(`${dim} is a reserved name`, ["dimensions"]);
    }
    for (const [i, m] of spec.measures.entries()) {
      const inputs =
        m.kind === "rate" ? [] : m.kind === "mean" ? [m.value, ...(m.n ? [m.n] : [])] : [m.column];
      for (const column of inputs)
        if (dims.has(column)) issue(`${column} is both a dimension and a measure`, ["measures", i]);
    }
    const counts = new Set(
      spec.measures.flatMap((m) => (m.kind === "count" || m.kind === "school-count" ? [m.column] : [])),
    );
    const columns = new Set<string>([...spec.dimensions, ...(spec.margins.length > 0 ? ["total_over"] : [])]);
    const claim = (name: string, i: number) => {
      if (columns.has(name)) issue(`output column ${name} is produced twice`, ["measures", i]);
      columns.add(name);
    };
    const named = new Set(spec.measures.map((m) => ("column" in m ? m.column : m.name)));
    const governed = new Set<string>();
    for (const status of statusesOf(spec)) {
      for (const name of status.measures) {
        if (!named.has(name)) issue(`status names ${name}, not a measure of this table`, ["status"]);
        if (governed.has(name)) issue(`${name} has more than one status`, ["status"]);
        governed.add(name);
      }
      if (dims.has(status.column)) issue(`${status.column} is both a dimension and the status`, ["status"]);
      if (columns.has(status.column)) issue(`status column ${status.column} is produced twice`, ["status"]);
      columns.add(status.column);
    }
    for (const [i, m] of spec.measures.entries()) {
      if (m.kind === "rate") {
        for (const ref of [m.numerator, m.denominator]) {
          if (!counts.has(ref))
            issue(`rate ${m.name}: ${ref} is not a count measure of this table`, ["measures", i]);
        }
        for (const suffix of ["", "_low", "_high", "_suppressed"]) claim(`${m.name}${suffix}`, i);
      } else if (m.kind === "mean") {
        if (!counts.has(m.persons))
          issue(`mean ${m.name}: ${m.persons} is not a count measure of this table`, ["measures", i]);
        if (typeof m.unit === "object" && !dims.has(m.unit.by))
          issue(`mean ${m.name}: unit.by names ${m.unit.by}, not a dimension`, ["measures", i]);
        // The release weights a margin's mean by its cells' rounded persons; a source's own margin rows
        // would come weighted by the exact ones, which a margin beside its cells gives away.
        if (spec.totals === "source" && spec.margins.length > 0)
          issue(`mean ${m.name}: a table with means and margins needs totals "sum"`, ["measures", i]);
        for (const suffix of ["", "_suppressed"]) claim(`${m.name}${suffix}`, i);
      } else {
        for (const suffix of ["", "_suppressed"]) claim(`${m.column}${suffix}`, i);
      }
    }
  });

export type PublishSpecInput = z.input<typeof publishSpecSchema>;
export type PublishSpec = z.output<typeof publishSpecSchema>;
export type Measure = z.output<typeof measureSchema>;
export type CountMeasure = Extract<Measure, { kind: "count" | "school-count" }>;
export type RateMeasure = Extract<Measure, { kind: "rate" }>;
export type MeanMeasure = Extract<Measure, { kind: "mean" }>;

export class PublishSpecError extends Error {
  override name = "PublishSpecError";
}

/** Validates a publish table declaration; a publish model file exports its result as default. */
export function definePublishTable(spec: PublishSpecInput): PublishSpec {
  const result = publishSpecSchema.safeParse(spec);
  if (!result.success) {
    const name = typeof spec?.name === "string" ? spec.name : "(unnamed)";
    throw new PublishSpecError(
      result.error.issues
        .map((i) => `publish table ${name}: ${i.path.join(".") || "(spec)"}: ${i.message}`)
        .join("\n"),
    );
  }
  return result.data;
}

/** Count measures, one per source column, in the order given: `measures: [...counts("admitted", "enrolled"), ...]`. */
export function counts(...columns: string[]): PublishSpecInput["measures"] {
  return columns.map((column) => ({ kind: "count" as const, column }));
}

/**
 * The margins of a cross table whose axes may be hierarchies (coarse to fine): every combination of
 * axis levels except the finest. crossMargins("month", "channel") -> [["month"], ["channel"], []];
 * crossMargins(["faculty", "programme"]) -> [["faculty"], []].
 */
export function crossMargins(...axes: (string | string[])[]): string[][] {
  const levels = axes.map((axis) => {
    const columns = typeof axis === "string" ? [axis] : axis;
    return [[] as string[]].concat(columns.map((_, i) => columns.slice(0, i + 1)));
  });
  let combos: string[][] = [[]];
  for (const axisLevels of levels)
    combos = combos.flatMap((combo) => axisLevels.map((level) => [...combo, ...level]));
  const full = axes.flat().length;
  return combos.filter((combo) => combo.length < full).reverse();
}

/** Counts, in declaration order. */
/** The table's statuses (spec.status), one or several, as a list. */
export function statusesOf(spec: Pick<PublishSpec, "status">): { column: string; measures: string[] }[] {
  return spec.status === undefined ? [] : Array.isArray(spec.status) ? spec.status : [spec.status];
}

export function countMeasures(spec: PublishSpec): CountMeasure[] {
  return spec.measures.filter((m): m is CountMeasure => m.kind === "count" || m.kind === "school-count");
}

/** The population a count or mean measure's cells belong to: declared, or private to the table. */
export function populationOf(spec: PublishSpec, measure: CountMeasure | MeanMeasure): string {
  if (measure.population) return measure.population;
  return `${spec.name}.${measure.kind === "mean" ? measure.name : measure.column}`;
}

/**
 * The unit of a mean in one cell (rules.ts meanStep): its own, or the one of the cell's category of
 * `unit.by`, or the largest when the cell is a margin over it. A category with no unit is an error.
 */
export function meanUnitOf(
  spec: PublishSpec,
  measure: MeanMeasure,
  dims: Record<string, string | null>,
): number {
  const unit = measure.unit;
  if (typeof unit === "number") return unit;
  if (!(unit.by in dims)) return Math.max(...Object.values(unit.values));
  const category = dims[unit.by];
  const value =
    category !== null && category !== undefined && Object.hasOwn(unit.values, category)
      ? unit.values[category]
      : undefined;
  if (value === undefined) {
    throw new PublishSpecError(
      `publish table ${spec.name}: mean ${measure.name} has no unit for ${unit.by} = ${category}; add it to unit.values`,
    );
  }
  return value;
}
