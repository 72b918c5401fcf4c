import { describe, expect, it } from "vitest";
import { contractColumns, defineContract, field } from "../../loaders/contract.ts";
import { CONTRACTS } from "../../loaders/contracts.ts";

describe("defineContract", () => {
  it("makes every field but the required ones nullable, in the order written", () => {
    const contract = defineContract({
      source: "s",
      entity: "e",
      description: "d",
      required: ["id", "on"],
      columns: { id: field.text(), note: field.text({ pii: true }), on: field.date("%d-%m-%Y") },
    });
    expect(contractColumns(contract)).toEqual([
      expect.objectContaining({ name: "id", kind: "text", required: true, pii: false }),
      expect.objectContaining({ name: "note", kind: "text", required: false, pii: true }),
      expect.objectContaining({ name: "on", kind: "date", required: true, format: "%d-%m-%Y" }),
    ]);
  });

  it("refuses a required name that is not one of its fields", () => {
    expect(() =>
      defineContract({
        source: "s",
        entity: "e",
        description: "d",
        // @ts-expect-error: the type refuses it too
        required: ["missing"],
        columns: { id: field.text() },
      }),
    ).toThrow(/contract s\.e: no field missing/);
  });

  it("keeps each built-in contract's required fields", () => {
    const required = (key: string) =>
      contractColumns(CONTRACTS.get(key)!)
        .filter((column) => column.required)
        .map((column) => column.name);
    expect(required("crm.form_submissions")).toEqual([
      "submission_id",
      "contact_id",
      "form_type",
      "submitted_at",
    ]);
    expect(required("admissions.choices")).toEqual(["system", "person_id", "programme_code", "intake"]);
    expect(required("external.programme_counts")).toEqual([
      "institution_code",
      "programme_code",
      "measure",
      "year",
      "persons",
    ]);
  });
});
