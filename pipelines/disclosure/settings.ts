import { z } from "zod";
import { configSchema } from "../../warehouse/config.ts";
import { countThreshold, meanThreshold, type Privacy, rateThreshold, shownFromPublished } from "./rules.ts";

/**
 * The disclosure settings a release was made with, as the published manifest carries them: the site's
 * notes, footer and suppression markers state these, so a changed threshold can never leave a page
 * promising the old one. `rateShownFrom` / `meanShownFrom` are the least published persons a rate or mean
 * is shown on (rules.ts shownFromPublished): what a reader can check against the counts beside it, where
 * the configured minimum alone would not say when a rate is shown.
 */
export const disclosureSchema = z
  .object({
    minCount: z.number().int().positive(),
    roundTo: z.number().int().positive(),
    minRateDenominator: z.number().int().positive(),
    minMeanPersons: z.number().int().positive(),
    minSchoolCell: z.number().int().positive(),
    rateShownFrom: z.number().int().positive(),
    meanShownFrom: z.number().int().positive(),
    /** What a suppressed count shows instead of a number (DUO writes 1-4 as "<5"). */
    marker: z.string().min(1),
  })
  .strict();

export type Disclosure = z.infer<typeof disclosureSchema>;

/** A release made without explicit settings used the configuration's defaults. */
const DEFAULT_PRIVACY: Privacy = configSchema.shape.privacy.parse(undefined);

export function disclosureSettings(privacy: Privacy = DEFAULT_PRIVACY): Disclosure {
  const count = countThreshold(privacy, "count");
  return {
    minCount: privacy.minCount,
    roundTo: privacy.roundTo,
    minRateDenominator: privacy.minRateDenominator,
    minMeanPersons: privacy.minMeanPersons,
    minSchoolCell: privacy.minSchoolCell,
    rateShownFrom: shownFromPublished(rateThreshold(privacy), privacy.roundTo, count),
    meanShownFrom: shownFromPublished(meanThreshold(privacy), privacy.roundTo, count),
    marker: `<${privacy.minCount}`,
  };
}
