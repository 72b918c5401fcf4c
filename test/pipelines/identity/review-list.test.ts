import { describe, expect, it } from "vitest";
import { reviewList } from "../../../pipelines/identity/review-list.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

describe("the review list an analyst reads", () => {
  const warehouse = modelWarehouseFor("suite", async (warehouse) => {
    await warehouse.run(
      `INSERT INTO raw.crm__contacts (_file_id, _row, contact_id, first_name, last_name, email, birth_date)
       VALUES (1, 1, 'C1', 'Åsa', 'Lind', 'asa.lind@example.se', DATE '2001-01-01'),
              (1, 2, 'C2', 'Asa', 'Lindh', 'x@other.se', DATE '2001-01-01'),
              (1, 3, 'C3', 'Bo', 'Ek', 'bo@example.se', NULL)`,
    );
    await runModels(warehouse);
  });

  it("shows each pair with its sources, persons, scores and the fields that agreed", async () => {
    const id = async (contact: string) =>
      warehouse.scalar<string>("SELECT 'crm:' || system_key('crm', $1)", [contact]);
    const person = async (contact: string) =>
      warehouse.scalar<string>(
        "SELECT person_id::VARCHAR FROM identity.person_registry WHERE record_id = 'crm:' || system_key('crm', $1)",
        [contact],
      );
    const [c1, c2] = [await id("C1"), await id("C2")];
    const pairs = await reviewList(warehouse);
    expect(pairs).toHaveLength(1);
    const [pair] = pairs;
    // which record is shown first follows the pseudonymous cluster ids, so compare the two sides as a set
    expect([pair!.record_id, pair!.candidate_record_id].sort()).toEqual([c1, c2].sort());
    const mine = pair!.record_id === c1 ? "C1" : "C2";
    const other = mine === "C1" ? "C2" : "C1";
    expect(pair).toEqual({
      record_id: await id(mine),
      source: "crm",
      person_id: await person(mine),
      candidate_record_id: await id(other),
      candidate_source: "crm",
      candidate_person_id: await person(other),
      // "asa lind" and "asa lindh": 8 matches, no transpositions, jaro (1 + 8/9 + 1) / 3 = 0.96296, four
      // common leading characters: 0.96296 + 4 * 0.1 * (1 - 0.96296) = 0.97778
      name_similarity: 0.978,
      names_swapped: false,
      same_birth_date: true,
      same_email_domain: false,
      // "asa.lind" and "x" have no character in common
      email_local_similarity: 0,
      agreed: ["name", "birth date"],
    });
  });
});
