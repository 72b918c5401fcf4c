/**
 * The synthetic demo institution: realistic extracts from every source system, at any scale, with the
 * truth planted beside them. Persons are generated one at a time and streamed to every file, so memory
 * stays flat as the population grows; one seed always gives the same bytes.
 */
import { mkdirSync } from "node:fs";
import { resolve, sep } from "node:path";
import { isoDate } from "./calendar.ts";
import { Context } from "./context.ts";
import { lifecycleOf } from "./lifecycle.ts";
import { type DemoOptions, type DemoOptionsInput, parseDemoOptions } from "./options.ts";
import { Population } from "./population.ts";
import { RATES } from "./rates.ts";
import { AlumniSystem } from "./systems/alumni.ts";
import { writeProgrammeCatalogue } from "./systems/catalogue.ts";
import { CheckInSystem } from "./systems/checkin.ts";
import { CrmSystem } from "./systems/crm.ts";
import { LADOK_ISSUER, LadokSystem } from "./systems/ladok.ts";
import { LinkedInSystem } from "./systems/linkedin.ts";
import { NyaSystem } from "./systems/nya.ts";
import { OsirisSystem } from "./systems/osiris.ts";
import { StudielinkSystem } from "./systems/studielink.ts";
import { Tables } from "./table.ts";
import { Truth } from "./truth.ts";

export type { DemoOptions, DemoOptionsInput } from "./options.ts";

export interface DemoProgress {
  phase: "persons" | "files";
  done: number;
  total: number;
}

export interface DemoSummary {
  files: { path: string; rows: number; bytes: number }[];
  persons: number;
  seconds: number;
}

/** Persons between progress reports; also when the event loop gets a turn (the xlsx stream drains then). */
const PROGRESS_EVERY = 2_000;

export async function generateDemo(
  input: DemoOptionsInput = {},
  onProgress?: (p: DemoProgress) => void,
): Promise<DemoSummary> {
  const options: DemoOptions = parseDemoOptions(input);
  const started = performance.now();
  const out = resolve(options.out);
  const truthDir = resolve(options.truthOut);
  if (truthDir === out || truthDir.startsWith(out + sep)) {
    // A loader scanning the inbox must never find the answers among the extracts.
    throw new RangeError("truthOut must not be the extracts folder (out) nor inside it");
  }
  mkdirSync(out, { recursive: true });
  mkdirSync(truthDir, { recursive: true });

  const ctx = new Context(options);
  const truth = new Truth(truthDir);
  const tables = new Tables(out, options.seed, options.dirtRate, truth);
  const crm = new CrmSystem(ctx, tables);
  const alumni = new AlumniSystem(ctx, tables);
  const systems: { write: CrmSystem["write"] }[] = [
    crm,
    new CheckInSystem(ctx, tables),
    alumni,
    new LinkedInSystem(ctx, tables),
  ];
  if (ctx.countries.includes("se")) systems.push(new NyaSystem(ctx, tables), new LadokSystem(ctx, tables));
  if (ctx.countries.includes("nl"))
    systems.push(new StudielinkSystem(ctx, tables), new OsirisSystem(ctx, tables));

  const total = options.persons;
  let done = 0;
  for (const built of new Population(ctx).persons()) {
    for (const system of systems) system.write(built);
    const { row, stages } = lifecycleOf(ctx, built);
    truth.person(row);
    const cohort = built.person.intake?.key ?? built.person.kind;
    for (const stage of stages) truth.stage(cohort, stage);
    if (built.person.school && row.first_year_credits_passed !== null)
      truth.school(
        built.person.school.code + built.person.school.branch,
        Number(row.first_year_credits_passed),
      );
    if (row.over_mailed) {
      const m = built.overMailed!;
      truth.overMailedPerson(
        built.person.id,
        built.person.crm!.contactId,
        m.department,
        isoDateTimeOf(m.at),
        5,
      );
    }
    for (const [a, b] of built.collisions) {
      if (b.at < ctx.extractDay * 86_400) {
        truth.collision(
          built.person.id,
          built.person.crm!.contactId,
          [a.id, a.department],
          [b.id, b.department],
          (b.at - a.at) / 3600,
        );
      }
    }
    for (const rel of built.person.relations) truth.relation(built.person.id, rel.other.id, rel.type);
    done++;
    if (done % PROGRESS_EVERY === 0 || done === total) {
      onProgress?.({ phase: "persons", done, total });
      await new Promise((r) => setImmediate(r));
      await tables.drainAll();
    }
  }
  crm.finish();
  const files = await tables.closeAll((d, t) => onProgress?.({ phase: "files", done: d, total: t }));
  files.push(await writeProgrammeCatalogue(ctx, out));
  await truth.finish({
    generator: "demo/generate.ts",
    options: { ...options, out: undefined, truthOut: undefined },
    extractDate: isoDate(ctx.extractDay),
    earlyExtractDate: isoDate(ctx.earlyExtractDay),
    cycles: { first: ctx.firstCycle, last: options.lastCycle },
    interimIssuer: LADOK_ISSUER,
    rates: RATES,
    alumniMembersLeftOutOverExcelLimit: alumni.cappedMembers,
    schools: Object.values(ctx.schools).flatMap((registry) =>
      registry.schools.map((s) => ({
        code: s.branch ? s.code + s.branch : s.code,
        country: s.country,
        name: s.name,
        effect: s.effect,
        gradeShift: s.gradeShift,
        small: s.small,
      })),
    ),
    extracts: files.map((f) => ({ file: f.path.slice(out.length + 1), rows: f.rows, bytes: f.bytes })),
  });
  return { files, persons: done, seconds: (performance.now() - started) / 1000 };
}

function isoDateTimeOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}
