import { z } from "zod";

export const demoOptionsSchema = z
  .object({
    persons: z.number().int().min(1).max(10_000_000).default(20_000),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Admission cycles simulated, ending with `lastCycle`. */
    years: z.number().int().min(1).max(30).default(5),
    country: z.enum(["se", "nl", "both"]).default("se"),
    out: z.string().min(1).default("data/inbox"),
    truthOut: z.string().min(1).default("data/truth"),
    /** Share of records that get realistic dirt (typos, duplicates, malformed lines...). */
    dirtRate: z.number().min(0).max(0.5).default(0.05),
    /** Calendar anchor: the last admission cycle; extracts are dated 1 October of it, never "today". */
    lastCycle: z.number().int().min(2012).max(2100).default(2026),
  })
  .strict()
  .refine((o) => o.lastCycle - o.years + 1 >= 2010, {
    message: "the first simulated cycle must be 2010 or later (Ladok holds nothing earlier)",
    path: ["years"],
  });

export type DemoOptionsInput = z.input<typeof demoOptionsSchema>;
export type DemoOptions = z.output<typeof demoOptionsSchema>;

export function parseDemoOptions(input: DemoOptionsInput = {}): DemoOptions {
  const result = demoOptionsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new RangeError(`demo option ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return result.data;
}
