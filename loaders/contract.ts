import { z } from "zod";

/**
 * An extract contract is a zod object schema whose fields carry loader metadata. The raw table DDL,
 * the typed casts after read_csv and the quarantine checks are all derived from it, so the contract
 * is the one source of truth for what a source delivers.
 */
export type FieldKind = "text" | "integer" | "decimal" | "date" | "timestamp" | "boolean";

/**
 * Which national identifier a text field holds: "se" a Swedish personnummer, samordningsnummer or
 * interim number, "nl" a BSN, "any" either (nine or eight digits read as a BSN, anything else as
 * Swedish). A value that is present but invalid quarantines its row (DESIGN §5, rule 1).
 */
export type NationalIdKind = "se" | "nl" | "any";

export interface FieldMeta {
  kind: FieldKind;
  /** strptime format for dates and timestamps; a profile may override it per column. */
  format?: string;
  /** Clear-text personal data: allowed in `raw` only (DESIGN §5). */
  pii?: boolean;
  /** The field holds a national identifier that is validated on load. */
  nationalId?: NationalIdKind;
}

type Meta = Omit<FieldMeta, "kind">;

export const field = {
  text: (meta: Meta = {}) => z.string().meta({ kind: "text", ...meta }),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T, meta: Meta = {}) =>
    z.enum(values).meta({ kind: "text", ...meta }),
  integer: (meta: Meta = {}) =>
    z
      .number()
      .int()
      .meta({ kind: "integer", ...meta }),
  decimal: (meta: Meta = {}) => z.number().meta({ kind: "decimal", ...meta }),
  date: (format = "%Y-%m-%d", meta: Meta = {}) => z.iso.date().meta({ kind: "date", format, ...meta }),
  timestamp: (format = "%Y-%m-%d %H:%M:%S", meta: Meta = {}) =>
    z.string().meta({ kind: "timestamp", format, ...meta }),
  boolean: (meta: Meta = {}) => z.boolean().meta({ kind: "boolean", ...meta }),
};

/**
 * How the canonical contracts (admissions.choices, persons.attributes) identify a person: the same
 * fields in the same order in both, so a system's choices file and its person file are one
 * person-record to identity. Personal data: raw only.
 */
export const CANONICAL_PERSON = {
  national_id: field.text({ pii: true, nationalId: "any" }),
  first_name: field.text({ pii: true }),
  last_name: field.text({ pii: true }),
  email: field.text({ pii: true }),
  birth_date: field.date("%Y-%m-%d", { pii: true }),
};

/** A person as the Swedish national systems (NyA, Ladok) write one. Personal data: raw only. */
export const SWEDISH_PERSON = {
  personal_number: field.text({ pii: true, nationalId: "se" }),
  first_name: field.text({ pii: true }),
  last_name: field.text({ pii: true }),
  birth_date: field.date("%Y-%m-%d", { pii: true }),
  sex: field.text(),
  email: field.text({ pii: true }),
};

export interface Contract<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** Source system kind, e.g. "crm". */
  source: string;
  /** What one row is, e.g. "form_submissions". */
  entity: string;
  description: string;
  schema: z.ZodObject<Shape>;
}

/** A contract as it is written: its columns in order, and which of them a row must have. */
export interface ContractSpec<Columns extends Record<string, z.ZodType>> {
  source: string;
  entity: string;
  description: string;
  /**
   * The fields a row cannot be without (its key, and what the row means nothing without): a row that
   * lacks one is quarantined, and a profile must map each. Every other field may be empty, as most of
   * an export's cells may be.
   */
  required: readonly (keyof Columns & string)[];
  /** Field name to its kind (`field.*`), in the raw table's column order. */
  columns: Columns;
}

/** The contract's zod schema from its spec: every field not required is nullable. */
export function defineContract<Columns extends Record<string, z.ZodType>>(
  spec: ContractSpec<Columns>,
): Contract {
  const required = new Set<string>(spec.required);
  for (const name of required)
    if (!(name in spec.columns)) throw new Error(`contract ${spec.source}.${spec.entity}: no field ${name}`);
  const shape = Object.fromEntries(
    Object.entries(spec.columns).map(([name, type]) => [name, required.has(name) ? type : type.nullable()]),
  );
  return { source: spec.source, entity: spec.entity, description: spec.description, schema: z.object(shape) };
}

export interface ContractColumn {
  name: string;
  kind: FieldKind;
  duckType: string;
  required: boolean;
  format: string | null;
  accepted: string[] | null;
  pii: boolean;
  nationalId: NationalIdKind | null;
}

const DUCK_TYPES: Record<FieldKind, string> = {
  text: "VARCHAR",
  integer: "BIGINT",
  decimal: "DOUBLE",
  date: "DATE",
  timestamp: "TIMESTAMP",
  boolean: "BOOLEAN",
};

export function rawTableName(contract: Contract): string {
  return `${contract.source}__${contract.entity}`;
}

export function contractKey(contract: Contract): string {
  return `${contract.source}.${contract.entity}`;
}

export function contractColumns(contract: Contract): ContractColumn[] {
  return Object.entries(contract.schema.shape).map(([name, schema]) => {
    let inner = schema as z.ZodType;
    let required = true;
    while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
      required = false;
      inner = inner.unwrap() as z.ZodType;
    }
    const meta = inner.meta() as FieldMeta | undefined;
    if (!meta?.kind)
      throw new Error(`contract ${contractKey(contract)}: field ${name} has no loader metadata`);
    return {
      name,
      kind: meta.kind,
      duckType: DUCK_TYPES[meta.kind],
      required,
      format: meta.format ?? null,
      accepted: inner instanceof z.ZodEnum ? (inner.options as string[]) : null,
      pii: meta.pii ?? false,
      nationalId: meta.nationalId ?? null,
    };
  });
}
