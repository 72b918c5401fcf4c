// grain: one row per person-record, with its cluster (connected component of the links, named by its smallest record_id) under the AND form of rule 3, under the OR form (which adds links on the same name or the same e-mail alone), and the one the configuration chose.
// reads: identity.int_record_numbers, identity.int_identity_links
//
// Clustering is the one identity step SQL does badly: label propagation needs as many passes as the
// longest chain of links, and each pass rescans the links. A union-find over the edge list is
// near-linear instead, so the links go to memory once (as two integer columns) and only the records
// that are not alone come back.

import { Components } from "../connected-components.ts";
import type { TsModelBuild } from "../runner.ts";

export const build: TsModelBuild = async (warehouse, target, source) => {
  // int_record_numbers numbers the records 1..n in record_id order, so node = record_no - 1 and the
  // smallest node of a component is its smallest record_id.
  const size = Number(
    await warehouse.scalar(`SELECT count(*) FROM ${source("identity.int_record_numbers")}`),
  );
  const and = new Components(size);
  const or = new Components(size);
  const result = await warehouse.connection.stream(
    `SELECT record_no - 1 AS a, linked_record_no - 1 AS b, rule_in_use AS in_use
       FROM ${source("identity.int_identity_links")}
      WHERE rule_in_use OR rule IN ('name', 'email')`,
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const [from, to, inUse] = [0, 1, 2].map((i) => chunk.getColumnVector(i));
    for (let row = 0; row < chunk.rowCount; row++) {
      const a = from!.getItem(row) as number;
      const b = to!.getItem(row) as number;
      or.union(a, b);
      if (inUse!.getItem(row)) and.union(a, b);
    }
  }
  await warehouse.run(
    "CREATE OR REPLACE TEMP TABLE slm_cluster_roots (record_no INTEGER, and_no INTEGER, or_no INTEGER)",
  );
  const appender = await warehouse.connection.createAppender("slm_cluster_roots", null, "temp");
  for (let node = 0; node < size; node++) {
    const andRoot = and.find(node);
    const orRoot = or.find(node);
    if (andRoot === node && orRoot === node) continue;
    appender.appendInteger(node + 1);
    appender.appendInteger(andRoot + 1);
    appender.appendInteger(orRoot + 1);
    appender.endRow();
  }
  appender.closeSync();
  await warehouse.run(
    `CREATE OR REPLACE TABLE ${target} AS
     WITH records AS (
       SELECT record_no, record_id FROM ${source("identity.int_record_numbers")}
     )
     SELECT
       n.record_id,
       coalesce(a.record_id, n.record_id) AS cluster_and,
       coalesce(o.record_id, n.record_id) AS cluster_or,
       CASE WHEN (SELECT identity_name_rule FROM slm_settings) = 'or'
            THEN coalesce(o.record_id, n.record_id) ELSE coalesce(a.record_id, n.record_id) END AS cluster_id
     FROM records AS n
     LEFT JOIN slm_cluster_roots AS r USING (record_no)
     LEFT JOIN records AS a ON a.record_no = r.and_no
     LEFT JOIN records AS o ON o.record_no = r.or_no`,
  );
  await warehouse.run("DROP TABLE slm_cluster_roots");
};
