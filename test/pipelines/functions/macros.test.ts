import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlParams, Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

describe("matching macros", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await modelWarehouse();
  });
  afterAll(() => warehouse?.close());

  const value = async (sql: string, params: SqlParams = []) =>
    (await warehouse.one<{ v: unknown }>(`SELECT ${sql} AS v`, params))?.v;

  it("writes a phone number in one form, whatever the export made of it", async () => {
    for (const phone of ["070-123 45 67", "+46 70 123 45 67", "+46701234567", " 0701234567 "]) {
      expect(await value("fold_phone($1)", [phone])).toBe("0701234567");
    }
    expect(await value("fold_phone($1)", ["+33 179974791"])).toBe("0033179974791");
    for (const fragment of ["", "123", "ext. 12", null]) {
      expect(await value("fold_phone($1)", [fragment])).toBeNull();
    }
  });

  it("keys the same name and phone alike, and needs both", async () => {
    const a = await value("name_phone_key('Anna', 'Lind', '070-123 45 67')");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await value("name_phone_key('ANNA ', 'lind', '+46701234567')")).toBe(a);
    expect(await value("name_phone_key('Anna', 'Lindh', '0701234567')")).not.toBe(a);
    expect(await value("name_phone_key('Anna', 'Lind', '')")).toBeNull();
    expect(await value("name_phone_key(NULL, NULL, '0701234567')")).toBeNull();
  });
});
