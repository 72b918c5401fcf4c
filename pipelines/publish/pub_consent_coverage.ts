import { counts, definePublishTable } from "../disclosure/index.ts";

/**
 * Per department and the consent purpose its mail needs: persons mailed, those whose every message was
 * sent under a consent valid at the time, and those holding a valid consent today. Mail that needs no
 * consent (purpose `none`) is left out.
 */
export default definePublishTable({
  name: "pub_consent_coverage",
  grain: "one row per sending department x consent purpose, persons after disclosure control",
  source: `SELECT department, purpose, persons_mailed_den AS persons_mailed,
                  persons_covered_at_send_num AS persons_covered_at_send,
                  persons_valid_now_num AS persons_valid_now
             FROM marts.mart_consent_coverage WHERE purpose <> 'none'`,
  dimensions: ["department", "purpose"],
  measures: [
    ...counts("persons_mailed", "persons_covered_at_send", "persons_valid_now"),
    {
      kind: "rate",
      name: "consent_coverage_at_send",
      numerator: "persons_covered_at_send",
      denominator: "persons_mailed",
    },
    {
      kind: "rate",
      name: "consent_valid_now",
      numerator: "persons_valid_now",
      denominator: "persons_mailed",
    },
  ],
});
