import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsvRelation } from "../../../loaders/csv/read-csv.ts";
import { MAX_COLUMNS } from "../../../loaders/map-columns.ts";
import { Params } from "../../../loaders/params.ts";
import { Warehouse } from "../../../warehouse/connection.ts";

describe("read_csv relation", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:", { migrate: false });
  });
  afterAll(() => warehouse.close());

  it("stays within DuckDB's expression depth at the widest file slm reads", async () => {
    // The width check counted a line's fields as "a + b + ...": at 1,000 columns that nested past the
    // parser's depth limit (1,000) and the file failed with an unexpected parser error.
    const relation = readCsvRelation(
      { path: "x.csv", columns: MAX_COLUMNS, skip: 1, delimiter: ",", quote: '"', checkWidth: true },
      new Params(),
    );
    await expect(warehouse.connection.extractStatements(`SELECT * FROM ${relation}`)).resolves.toBeDefined();
  });
});
