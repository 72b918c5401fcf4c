// grain: one row per person-record, with its cluster (connected component of the links, named by its smallest record_id) under the AND form of rule 3, under the OR form (which adds links on the same name or the same e-mail alone), and the one the configuration chose.
// reads: identity.int_person_records, identity.int_identity_links
//
// Clustering is the one identity step SQL does badly: label propagation needs as many passes as the
// longest chain of links, and each pass rescans the links. A union-find over the edge list is
// near-linear instead, so the links go to memory once (as two integer columns) and only the records
// that are not alone come back.
import type { TsModelBuild } from "../runner.ts";
import { Components } from "./connected-components.ts";

export const build: TsModelBuild = async (warehouse, target, source) => {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_cluster_nodes AS
     SELECT record_id, (row_number() OVER (ORDER BY record_id) - 1)::INTEGER AS node
       FROM ${source("identity.int_person_records")}`,
  );
  const size = Number(await warehouse.scalar("SELECT count(*) FROM slm_cluster_nodes"));
  const and = new Components(size);
  const or = new Components(size);
  const result = await warehouse.connection.stream(
    `SELECT a.node AS a, b.node AS b, l.rule_in_use AS in_use
       FROM ${source("identity.int_identity_links")} AS l
       JOIN slm_cluster_nodes AS a ON a.record_id = l.record_id
       JOIN slm_cluster_nodes AS b ON b.record_id = l.linked_record_id
      WHERE l.rule_in_use OR l.rule IN ('name', 'email')`,
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
    "CREATE OR REPLACE TEMP TABLE slm_cluster_roots (node INTEGER, and_root INTEGER, or_root INTEGER)",
  );
  const appender = await warehouse.connection.createAppender("slm_cluster_roots", null, "temp");
  for (let node = 0; node < size; node++) {
    const andRoot = and.find(node);
    const orRoot = or.find(node);
    if (andRoot === node && orRoot === node) continue;
    appender.appendInteger(node);
    appender.appendInteger(andRoot);
    appender.appendInteger(orRoot);
    appender.endRow();
  }
  appender.closeSync();
  await warehouse.run(
    `CREATE OR REPLACE TABLE ${target} AS
     SELECT
       n.record_id,
       coalesce(a.record_id, n.record_id) AS cluster_and,
       coalesce(o.record_id, n.record_id) AS cluster_or,
       CASE WHEN (SELECT identity_name_rule FROM slm_settings) = 'or'
            THEN coalesce(o.record_id, n.record_id) ELSE coalesce(a.record_id, n.record_id) END AS cluster_id
     FROM slm_cluster_nodes AS n
     LEFT JOIN slm_cluster_roots AS r USING (node)
     LEFT JOIN slm_cluster_nodes AS a ON a.node = r.and_root
     LEFT JOIN slm_cluster_nodes AS o ON o.node = r.or_root`,
  );
  await warehouse.run("DROP TABLE slm_cluster_nodes; DROP TABLE slm_cluster_roots");
};
