import { z } from "zod";

/**
 * The institution calendar (config key `calendar`): its intakes, which admissions system and country each
 * belongs to, and their dates. Models read it as TEMP tables (pipelines/calendar/), so no date or intake
 * pattern of one country is written into SQL.
 *
 * A system lists its recurring intakes as label templates: `{Y}` stands for the intake's year, so `HT{Y}`
 * recognises HT2026 (Y = 2026) and `{Y}-SEP` recognises 2026-SEP. Each template's dates are date templates
 * relative to that year: `{Y}-04-15`, `{Y-1}-10-15` (the year before), `{Y+1}-03-01` (the year after). The
 * same intake one cycle earlier is the same template one year earlier (HT2026 -> HT2025). Explicit intakes
 * (`calendar.intakes`, any label, plain dates) take precedence over the templates.
 */

/** A date template: `{Y}`, `{Y-1}` or `{Y+1}` (any small offset) then `-MM-DD`. */
export const DATE_TEMPLATE = /^\{Y(?:([+-])(\d{1,2}))?\}-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The date a template gives for year `year`, as YYYY-MM-DD; the template must match DATE_TEMPLATE. */
export function templateDate(template: string, year: number): string {
  const [, sign, offset, month, day] = DATE_TEMPLATE.exec(template)!;
  const y = year + (sign === "-" ? -1 : 1) * Number(offset ?? 0);
  return `${String(y).padStart(4, "0")}-${month}-${day}`;
}

/** The intake label a template gives for year `year`. */
export function templateLabel(template: string, year: number): string {
  return template.replace("{Y}", String(year));
}

/** Labels are matched as staging writes them: trimmed, upper case (NyA rounds, CRM cohorts). */
export function intakeLabel(label: string): string {
  return label.trim().toUpperCase();
}

const dateTemplate = z
  .string()
  .regex(DATE_TEMPLATE, {
    message: 'expected a date template such as "{Y}-04-15" or "{Y-1}-10-15"',
    abort: true,
  })
  .refine((template) => {
    const [, , , month, day] = DATE_TEMPLATE.exec(template) ?? [];
    const m = Number(month);
    // 29 February is refused: a template must give a date in every year.
    return m >= 1 && m <= 12 && Number(day) >= 1 && Number(day) <= DAYS_IN_MONTH[m - 1]!;
  }, "not a day every year has (month 01-12, a day that month always has; 29 February is not)");

/** A calendar day written YYYY-MM-DD (a day the month has). */
export const isoDate = z.iso.date('expected a date written YYYY-MM-DD, such as "2026-04-15"');

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected a two-letter ISO country code, such as "SE"')
  .transform((code) => code.toUpperCase());

const name = z.string().trim().min(1);

/** One recurring intake of a system: its dates as templates of the intake's year. */
const termSchema = z
  .object({
    /** The application deadline: cohorts of two cycles are compared the same number of days before it. */
    deadline: dateTemplate,
    /** Selection (or invitation) date of each admission round, by the round's name. */
    rounds: z.record(name, dateTemplate).default({}),
    /** The day studies start. */
    start: dateTemplate.optional(),
    /** The day enrolment is counted (a request still or once enrolled then is a student). */
    census: dateTemplate.optional(),
    /** The last day to accept an offer. */
    replyBy: dateTemplate.optional(),
    /**
     * Whether an inquiry (a dated contact naming no intake) can belong to this intake's cycle: it belongs to
     * the first such intake of its programme's system whose deadline is on or after it.
     */
    inquiries: z.boolean().default(true),
  })
  .strict();

const systemSchema = z
  .object({
    /** The system's domestic country: applicants with another citizenship are international. */
    country: countryCode,
    /** Recurring intakes by label template (`HT{Y}`, `{Y}-SEP`). */
    terms: z.record(z.string(), termSchema).default({}),
  })
  .strict();

/**
 * One intake by its label, with plain dates: a label no template gives, or one whose dates differ from its
 * template's that year. What it leaves out (rounds, start, census, replyBy, previous, inquiries) it takes from
 * the template's intake of the same label, if there is one: moving this year's deadline keeps the rest.
 */
const intakeSchema = z
  .object({
    system: name,
    /** Defaults to the system's country. */
    country: countryCode.optional(),
    deadline: isoDate,
    /** Given, these are the intake's rounds, all of them. */
    rounds: z.record(name, isoDate).optional(),
    start: isoDate.optional(),
    census: isoDate.optional(),
    replyBy: isoDate.optional(),
    /** The same intake one cycle earlier, for year-over-year comparison. */
    previous: name.optional(),
    inquiries: z.boolean().optional(),
  })
  .strict();

/**
 * The current Swedish and Dutch calendars: SE HT (deadline 15 April; urval 1 ~10 July, urval 2 ~6 August;
 * the international round's one selection ~28 March) and VT (15 October the year before; urval 1 ~3 December,
 * urval 2 ~8 January); NL September (1 May; census 1 October) and February of the academic year (1 December;
 * start 1 February and census 1 March of the next year). `SEP{Y}` / `FEB{Y}` are the CRM's labels for the
 * Dutch intakes (the demo's open-day sessions: FEB2027 is the February intake of academic year 2026).
 */
export const DEFAULT_SYSTEMS = {
  se: {
    country: "SE",
    terms: {
      "HT{Y}": {
        deadline: "{Y}-04-15",
        rounds: { "urval 1": "{Y}-07-10", "urval 2": "{Y}-08-06", international: "{Y}-03-28" },
        start: "{Y}-08-28",
        census: "{Y}-09-18",
        replyBy: "{Y}-07-29",
        inquiries: true,
      },
      "VT{Y}": {
        deadline: "{Y-1}-10-15",
        rounds: { "urval 1": "{Y-1}-12-03", "urval 2": "{Y}-01-08", international: "{Y-1}-10-12" },
        start: "{Y}-01-16",
        census: "{Y}-02-06",
        replyBy: "{Y-1}-12-18",
        inquiries: true,
      },
    },
  },
  nl: {
    country: "NL",
    terms: {
      "{Y}-SEP": {
        deadline: "{Y}-05-01",
        rounds: {},
        start: "{Y}-09-01",
        census: "{Y}-10-01",
        inquiries: true,
      },
      "{Y}-FEB": {
        deadline: "{Y}-12-01",
        rounds: {},
        start: "{Y+1}-02-01",
        census: "{Y+1}-03-01",
        inquiries: false,
      },
      "SEP{Y}": {
        deadline: "{Y}-05-01",
        rounds: {},
        start: "{Y}-09-01",
        census: "{Y}-10-01",
        inquiries: false,
      },
      "FEB{Y}": {
        deadline: "{Y-1}-12-01",
        rounds: {},
        start: "{Y}-02-01",
        census: "{Y}-03-01",
        inquiries: false,
      },
    },
  },
} as const;

/** Pattern systems are expanded for these years, so the calendar needs no data to be built. */
export const CALENDAR_YEARS = { from: 1990, to: 2060 } as const;

export const calendarSchema = z
  .object({
    systems: z.record(name, systemSchema).default(DEFAULT_SYSTEMS),
    intakes: z.record(z.string(), intakeSchema).default({}),
    /** The system of a dated contact without an intake whose programme the data never shows with one. */
    defaultSystem: name.default("se"),
  })
  .strict()
  .superRefine((calendar, context) => {
    const systems = Object.keys(calendar.systems);
    const list = systems.join(", ") || "none";
    if (!calendar.systems[calendar.defaultSystem]) {
      context.addIssue({
        code: "custom",
        path: ["defaultSystem"],
        message: `"${calendar.defaultSystem}" is not a system of calendar.systems (${list})`,
      });
    }
    // Every label a template gives, to report two templates (or two explicit intakes) that give the same one.
    const givenBy = new Map<string, string>();
    for (const [system, { terms }] of Object.entries(calendar.systems)) {
      for (const template of Object.keys(terms)) {
        const path = ["systems", system, "terms", template];
        const problem = labelTemplateProblem(template);
        if (problem) {
          context.addIssue({ code: "custom", path, message: problem });
          continue;
        }
        const key = `calendar.systems.${system}.terms.${template}`;
        for (let year = CALENDAR_YEARS.from; year <= CALENDAR_YEARS.to; year++) {
          const label = intakeLabel(templateLabel(template, year));
          const other = givenBy.get(label);
          if (other) {
            context.addIssue({
              code: "custom",
              path,
              message: `gives the intake "${label}", which ${other} gives too; make the labels differ`,
            });
            break;
          }
          givenBy.set(label, key);
        }
      }
    }
    const explicit = new Map<string, string>();
    for (const [label, intake] of Object.entries(calendar.intakes)) {
      const path = ["intakes", label];
      if (intakeLabel(label) === "") {
        context.addIssue({ code: "custom", path, message: "an intake label must not be empty" });
        continue;
      }
      const other = explicit.get(intakeLabel(label));
      if (other !== undefined) {
        context.addIssue({
          code: "custom",
          path,
          message: `is the intake "${other}" again (labels are matched trimmed and in upper case)`,
        });
      }
      explicit.set(intakeLabel(label), label);
      if (!calendar.systems[intake.system]) {
        context.addIssue({
          code: "custom",
          path: [...path, "system"],
          message: `"${intake.system}" is not a system of calendar.systems (${list})`,
        });
      }
    }
  });

/** Why a label template cannot be used, or null: it must hold `{Y}` once and no other brace. */
function labelTemplateProblem(template: string): string | null {
  const rest = template.replace("{Y}", "");
  if (rest === template || /[{}]/.test(rest)) {
    return 'an intake label template must contain {Y} (the intake\'s year) exactly once and no other braces, such as "HT{Y}" or "{Y}-SEP"';
  }
  return null;
}

export type CalendarConfig = z.infer<typeof calendarSchema>;
