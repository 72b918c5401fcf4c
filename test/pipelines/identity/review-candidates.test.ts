import { afterEach, describe, expect, it } from "vitest";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

const CONTACTS: [string, string, string, string][] = [
  ["C1", "Åsa", "Lind", "asa.lind@example.se"],
  ["C2", "Asa", "Lind", "alind@other.se"], // diacritics dropped, other e-mail: a candidate, not a merge
  ["C3", "Lind", "Åsa", "asa.lind@example.se"], // first and last name swapped
  ["C4", "Åsa", "Lind", "asa.lind@example.se"], // same name and e-mail as C1: merged by rule 3, so no candidate
  ["C5", "Bo", "Ek", "bo@example.se"],
  ["C6", "Eva", "Berg", "eva@example.se"],
];

describe("fuzzy review candidates", () => {
  let warehouse: Warehouse;
  afterEach(() => warehouse.close());

  it("lists alike names across clusters with their evidence, and merges none of them", async () => {
    warehouse = await modelWarehouse();
    for (const [index, [contact, first, last, email]] of CONTACTS.entries()) {
      await warehouse.run(
        `INSERT INTO raw.crm__form_submissions (_file_id, _row, submission_id, contact_id, form_type, submitted_at, first_name, last_name, email)
         VALUES (1, $1, $2, $3, 'inquiry', TIMESTAMP '2026-01-01 10:00:00', $4, $5, $6)`,
        [index + 1, `S${index}`, contact, first, last, email],
      );
    }
    await runModels(warehouse);
    const recordOf = async (contact: string) =>
      warehouse.scalar<string>("SELECT 'crm:' || pseudonym('crm:' || $1)", [contact]);
    const names: Record<string, string> = {};
    for (const [contact] of CONTACTS) names[await recordOf(contact)] = contact;
    const rows = await warehouse.all<{
      record_id: string;
      candidate_record_id: string;
      name_similarity: number;
      names_swapped: boolean;
      same_email_domain: boolean;
    }>("SELECT * FROM identity.int_review_candidates");
    const pairs = rows
      .map((r) => ({
        pair: [names[r.record_id], names[r.candidate_record_id]].sort().join("-"),
        similarity: r.name_similarity,
        swapped: r.names_swapped,
        sameDomain: r.same_email_domain,
      }))
      .sort((a, b) => a.pair.localeCompare(b.pair));
    // C1 and C4 are one cluster, so each candidate pairs with one of them, never both.
    const c1c4 = (pair: string) => pair.replace("C4", "C1");
    expect(pairs.map((p) => ({ ...p, pair: c1c4(p.pair) }))).toEqual([
      { pair: "C1-C2", similarity: 1, swapped: false, sameDomain: false },
      { pair: "C1-C3", similarity: 1, swapped: true, sameDomain: true },
      { pair: "C2-C3", similarity: 1, swapped: true, sameDomain: false },
    ]);
    const clusters = await warehouse.scalar<number>(
      "SELECT count(DISTINCT cluster_id)::INTEGER FROM identity.int_record_clusters",
    );
    expect(clusters).toBe(5);
  });
});
