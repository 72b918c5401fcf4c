import { describe, expect, it } from "vitest";
import { contractColumns, rawTableName } from "../../loaders/contract.ts";
import { CONTRACTS } from "../../loaders/contracts.ts";
import { PERSON_KEYS } from "../../loaders/person-keys.ts";

describe("person keys for erasure", () => {
  it("cover every raw table holding personal data, with columns the contract has", () => {
    const missing: string[] = [];
    for (const contract of CONTRACTS.values()) {
      const table = rawTableName(contract);
      const columns = contractColumns(contract);
      const keys = PERSON_KEYS[table] ?? [];
      if (columns.some((column) => column.pii || column.nationalId) && keys.length === 0) missing.push(table);
      for (const key of keys) {
        expect(
          columns.map((c) => c.name),
          table,
        ).toContain(key.column);
      }
    }
    // The public outcome files carry no identifier of a person, only row numbers and codes.
    expect(missing).toEqual([]);
    for (const table of Object.keys(PERSON_KEYS)) {
      expect([...CONTRACTS.values()].map(rawTableName)).toContain(table);
    }
  });
});
