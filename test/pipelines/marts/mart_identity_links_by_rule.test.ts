import { describe, expect, it } from "vitest";
import { getOrInit } from "../../../pipelines/disclosure/graph.ts";
import { modelWarehouseFor, runDownstreamOf } from "../../helpers/models.ts";

type Link = [record: string, linked: string, rule: string, order: number, inUse: boolean];

describe("marts.mart_identity_links_by_rule", () => {
  const w = modelWarehouseFor("test");

  const links = async (rows: Link[]) => {
    await w.run(`CREATE OR REPLACE TABLE identity.int_identity_links (record_id VARCHAR, linked_record_id VARCHAR,
      rule VARCHAR, rule_order INTEGER, rule_in_use BOOLEAN, evidence VARCHAR, records_sharing BIGINT,
      record_no BIGINT, linked_record_no BIGINT)`);
    // each record id its own number, as int_record_numbers gives them
    const numbers = new Map<string, number>();
    const no = (record: string) => getOrInit(numbers, record, () => numbers.size + 1);
    for (const [record, linked, rule, order, inUse] of rows) {
      await w.run("INSERT INTO identity.int_identity_links VALUES ($1, $2, $3, $4, $5, 'k', 2, $6, $7)", [
        record,
        linked,
        rule,
        order,
        inUse,
        no(record),
        no(linked),
      ]);
    }
    await runDownstreamOf(w, ["identity.int_identity_links"]);
    return w.all("SELECT * FROM marts.mart_identity_links_by_rule");
  };

  it("counts each record on either end of a rule's links once, whichever end it is on", async () => {
    // crm:x shares one e-mail with crm:a and another with crm:c: two groups, x in both
    const xAnchorsOne: Link[] = [
      ["crm:x", "crm:a", "email", 4, true],
      ["crm:c", "crm:x", "email", 4, true],
      ["nya:b", "crm:a", "national_id", 1, true],
    ];
    // the same groups with other pseudonyms: x is now a member of both, never an anchor
    const xAnchorsNone: Link[] = [
      ["crm:x", "crm:a", "email", 4, true],
      ["crm:x", "crm:c", "email", 4, true],
      ["nya:b", "crm:a", "national_id", 1, true],
    ];
    const expected = [
      { rule: "national_id", rule_order: 1, rule_in_use: true, links: 1, records_touched: 2 },
      { rule: "email", rule_order: 4, rule_in_use: true, links: 2, records_touched: 3 },
    ];
    expect(await links(xAnchorsOne)).toEqual(expected);
    expect(await links(xAnchorsNone)).toEqual(expected);
  });
});
