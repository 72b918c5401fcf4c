import { afterEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse, runDownstreamOf } from "../../helpers/models.ts";

interface Record {
  id: string;
  national?: string | string[];
  system?: (string | null)[];
  nee?: string;
  name?: string;
  email?: string;
  nameBirth?: string;
  nameEmployer?: string;
  namePhone?: string;
  birthYear?: number;
}

async function setRecords(warehouse: Warehouse, records: Record[]) {
  await warehouse.run(`CREATE OR REPLACE TABLE identity.int_person_records (
    record_id VARCHAR, source VARCHAR, national_keys VARCHAR[], system_keys VARCHAR[], name_email_keys VARCHAR[],
    name_keys VARCHAR[], email_keys VARCHAR[], name_birth_keys VARCHAR[], name_employer_keys VARCHAR[],
    name_phone_keys VARCHAR[], birth_year BIGINT, first_seen DATE, last_seen DATE)`);
  const list = (value?: string | (string | null)[]) =>
    JSON.stringify(value === undefined ? [] : Array.isArray(value) ? value : [value]);
  for (const r of records) {
    await warehouse.run(
      `INSERT INTO identity.int_person_records
       VALUES ($1, split_part($1, ':', 1), $2::JSON::VARCHAR[], $3::JSON::VARCHAR[], $4::JSON::VARCHAR[],
               $5::JSON::VARCHAR[], $6::JSON::VARCHAR[], $7::JSON::VARCHAR[], $8::JSON::VARCHAR[],
               $9::JSON::VARCHAR[], $10, DATE '2026-01-01', DATE '2026-01-01')`,
      [
        r.id,
        list(r.national),
        list(r.system),
        list(r.nee),
        list(r.name),
        list(r.email),
        list(r.nameBirth),
        list(r.nameEmployer),
        list(r.namePhone),
        r.birthYear ?? null,
      ],
    );
  }
}

const run = (warehouse: Warehouse) => runDownstreamOf(warehouse, ["identity.int_person_records"]);

async function clusters(warehouse: Warehouse, column = "cluster_id") {
  const rows = await warehouse.all<{ record_id: string; c: string }>(
    `SELECT record_id, ${column} AS c FROM identity.int_record_clusters ORDER BY record_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.record_id, r.c]));
}

async function persons(warehouse: Warehouse) {
  // person_ids are 60-bit, so they arrive as strings; compare them as BigInt.
  const rows = await warehouse.all<{ record_id: string; person_id: string }>(
    "SELECT record_id, person_id::VARCHAR AS person_id FROM identity.person_registry ORDER BY record_id",
  );
  return Object.fromEntries(rows.map((r) => [r.record_id, r.person_id]));
}

describe("identity resolution", () => {
  let warehouse: Warehouse;
  afterEach(() => warehouse?.close());

  it("links by national id, shared system id and name+e-mail, transitively, with the rule as evidence", async () => {
    warehouse = await modelWarehouse({ identity: { extraRules: [] } });
    await setRecords(warehouse, [
      { id: "adm:1", national: "N1" },
      { id: "lad:1", national: "N1", system: ["LADOK-U1"] },
      { id: "lad:2", system: ["LADOK-U1"] }, // the same Ladok UID after an interim number was replaced
      { id: "crm:1", nee: "ANNA|LIND|a@x", name: "ANNA|LIND", email: "a@x" },
      { id: "alu:1", nee: "ANNA|LIND|a@x", name: "ANNA|LIND", email: "a@x" },
      { id: "crm:2", nee: "ANNA|LIND|other@x", name: "ANNA|LIND", email: "other@x" },
      { id: "crm:3" },
    ]);
    await run(warehouse);
    expect(await clusters(warehouse)).toEqual({
      "adm:1": "adm:1",
      "lad:1": "adm:1",
      "lad:2": "adm:1",
      "alu:1": "alu:1",
      "crm:1": "alu:1",
      "crm:2": "crm:2",
      "crm:3": "crm:3",
    });
    expect(
      await warehouse.all(
        "SELECT record_id, linked_record_id, rule FROM identity.int_identity_links WHERE rule_in_use ORDER BY ALL",
      ),
    ).toEqual([
      { record_id: "crm:1", linked_record_id: "alu:1", rule: "name_email" },
      { record_id: "lad:1", linked_record_id: "adm:1", rule: "national_id" },
      { record_id: "lad:2", linked_record_id: "lad:1", rule: "system_id" },
    ]);
  });

  it("makes no link on a missing identifier, and counts a shared one's records once each", async () => {
    warehouse = await modelWarehouse({ identity: { extraRules: [] } });
    // a source whose key is missing gives a list holding NULL: two such records are not one person
    await setRecords(warehouse, [
      { id: "alu:1", system: [null] },
      { id: "alu:2", system: [null] },
      { id: "lad:1", system: ["LADOK-U1", null] },
      { id: "lad:2", system: ["LADOK-U1"] },
      { id: "lad:3", system: ["LADOK-U1"] },
    ]);
    await run(warehouse);
    expect(await clusters(warehouse)).toEqual({
      "alu:1": "alu:1",
      "alu:2": "alu:2",
      "lad:1": "lad:1",
      "lad:2": "lad:1",
      "lad:3": "lad:1",
    });
    expect(
      await warehouse.all(
        "SELECT record_id, linked_record_id, evidence, records_sharing FROM identity.int_identity_links ORDER BY ALL",
      ),
    ).toEqual([
      { record_id: "lad:2", linked_record_id: "lad:1", evidence: "LADOK-U1", records_sharing: 3 },
      { record_id: "lad:3", linked_record_id: "lad:1", evidence: "LADOK-U1", records_sharing: 3 },
    ]);
  });

  it("links on e-mail alone, name and birth date, name and employer unless switched off", async () => {
    const records: Record[] = [
      { id: "a:1", nee: "K1", name: "ANNA|LIND", email: "a@x" },
      { id: "b:1", nee: "K2", name: "ANA|LIND", email: "a@x" }, // typo in the name, same e-mail
      { id: "c:1", nameBirth: "ANNA|LIND|2001-01-01" },
      { id: "d:1", nameBirth: "ANNA|LIND|2001-01-01", nameEmployer: "ANNA|LIND|ACME" },
      { id: "e:1", nameEmployer: "ANNA|LIND|ACME" }, // a LinkedIn connection without e-mail
    ];
    warehouse = await modelWarehouse();
    await setRecords(warehouse, records);
    await run(warehouse);
    expect(await clusters(warehouse)).toEqual({
      "a:1": "a:1",
      "b:1": "a:1",
      "c:1": "c:1",
      "d:1": "c:1",
      "e:1": "c:1",
    });
    expect(
      await warehouse.all("SELECT rule, rule_in_use FROM identity.int_identity_links ORDER BY rule_order"),
    ).toEqual([
      { rule: "email", rule_in_use: true },
      { rule: "name_birth_date", rule_in_use: true },
      { rule: "name_employer", rule_in_use: true },
    ]);
    warehouse.close();
    warehouse = await modelWarehouse({ identity: { extraRules: ["name_employer"] } });
    await setRecords(warehouse, records);
    await run(warehouse);
    expect(await clusters(warehouse)).toEqual({
      "a:1": "a:1",
      "b:1": "b:1",
      "c:1": "c:1",
      "d:1": "d:1",
      "e:1": "d:1",
    });
  });

  it("links the same name and phone, and a LinkedIn connection to the one alumni member of its name", async () => {
    const records: Record[] = [
      { id: "crm:1", nee: "K1", name: "ANNA|LIND", namePhone: "ANNA|LIND|0701234567" },
      { id: "crm:2", nee: "K2", name: "ANNA|LIND", namePhone: "ANNA|LIND|0701234567" }, // entered twice
      { id: "crm:3", nee: "K3", name: "ANNA|LIND", namePhone: "ANNA|LIND|0709999999" }, // another Anna Lind
      { id: "alumni:1", name: "BO|EK" },
      { id: "linkedin:1", name: "BO|EK" }, // the only Bo Ek on both sides
      { id: "alumni:2", name: "CE|AS" },
      { id: "alumni:3", name: "CE|AS" },
      { id: "linkedin:2", name: "CE|AS" }, // two alumni of that name: which one is unknown
      { id: "alumni:4", name: "DO|UL" },
      { id: "linkedin:3", name: "DO|UL" },
      { id: "linkedin:4", name: "DO|UL" }, // two connections of that name
      { id: "crm:4", name: "BO|EK" }, // the rule is for alumni and LinkedIn only
    ];
    warehouse = await modelWarehouse();
    await setRecords(warehouse, records);
    await run(warehouse);
    expect(await clusters(warehouse)).toEqual({
      "alumni:1": "alumni:1",
      "alumni:2": "alumni:2",
      "alumni:3": "alumni:3",
      "alumni:4": "alumni:4",
      "crm:1": "crm:1",
      "crm:2": "crm:1",
      "crm:3": "crm:3",
      "crm:4": "crm:4",
      "linkedin:1": "alumni:1",
      "linkedin:2": "linkedin:2",
      "linkedin:3": "linkedin:3",
      "linkedin:4": "linkedin:4",
    });
    warehouse.close();
    warehouse = await modelWarehouse({ identity: { extraRules: [] } });
    await setRecords(warehouse, records);
    await run(warehouse);
    expect(Object.values(await clusters(warehouse)).filter((c, i, all) => all.indexOf(c) !== i)).toEqual([]);
  });

  it("makes no link on a name and one attribute that records told apart by birth year or national ID share", async () => {
    // The false merges of the 20,000-person demo: two alumni of one name at one employer (born 1926 and 1993),
    // two applicants of one name and birth date with two personnummer. The identifier is no evidence for
    // any record that shares it, not even the LinkedIn connection, which could be either of the two.
    const records: Record[] = [
      { id: "alumni:1", nameEmployer: "HANNA|OBERG|ACME", national: "N1", birthYear: 1926 },
      { id: "alumni:2", nameEmployer: "HANNA|OBERG|ACME", national: "N2", birthYear: 1993 },
      { id: "linkedin:1", nameEmployer: "HANNA|OBERG|ACME" },
      { id: "alumni:3", nameEmployer: "TIAGO|OBRIEN|ACME", birthYear: 1970 },
      { id: "alumni:4", nameEmployer: "TIAGO|OBRIEN|ACME", birthYear: 1976 },
      { id: "nya:1", nameBirth: "MAJA|LINDBERG|1998-08-17", national: "N3", birthYear: 1998 },
      { id: "nya:2", nameBirth: "MAJA|LINDBERG|1998-08-17", national: "N4", birthYear: 1998 },
      { id: "crm:1", nameBirth: "MAJA|LINDBERG|1998-08-17" },
      // not told apart: an unknown ID or year tells nothing, and a record that kept an interim number beside
      // the personnummer that replaced it shares one with a record that has the personnummer only
      { id: "crm:2", namePhone: "BO|EK|0701234567", national: "N5", birthYear: 2001 },
      { id: "crm:3", namePhone: "BO|EK|0701234567" },
      { id: "ladok:1", nameBirth: "OMER|SHARMA|2006-04-13", national: ["P1", "T1"], birthYear: 2006 },
      { id: "alumni:5", nameBirth: "OMER|SHARMA|2006-04-13", national: "P1", birthYear: 2006 },
      // the rules on an e-mail are not guarded: a person's e-mail outlives an interim number
      { id: "crm:4", email: "c@x", national: "T2" },
      { id: "crm:5", email: "c@x", national: "P2" },
    ];
    warehouse = await modelWarehouse();
    await setRecords(warehouse, records);
    await run(warehouse);
    expect(await clusters(warehouse)).toEqual({
      "alumni:1": "alumni:1",
      "alumni:2": "alumni:2",
      "alumni:3": "alumni:3",
      "alumni:4": "alumni:4",
      "alumni:5": "alumni:5",
      "crm:1": "crm:1",
      "crm:2": "crm:2",
      "crm:3": "crm:2",
      "crm:4": "crm:4",
      "crm:5": "crm:4",
      "ladok:1": "alumni:5",
      "linkedin:1": "linkedin:1",
      "nya:1": "nya:1",
      "nya:2": "nya:2",
    });
  });

  it("merges more under the OR form of rule 3, and uses it only when configured", async () => {
    const records: Record[] = [
      { id: "a:1", nee: "K1", name: "ANNA|LIND", email: "a@x" },
      { id: "b:1", nee: "K2", name: "ANNA|LIND", email: "b@x" }, // same name, other e-mail
      { id: "c:1", nee: "K3", name: "BO|EK", email: "b@x" }, // same e-mail as b:1, other name
      { id: "d:1", nee: "K4", name: "CE|AS", email: "d@x" },
    ];
    warehouse = await modelWarehouse({ identity: { extraRules: [] } });
    await setRecords(warehouse, records);
    await run(warehouse);
    expect(await clusters(warehouse, "cluster_and")).toEqual({
      "a:1": "a:1",
      "b:1": "b:1",
      "c:1": "c:1",
      "d:1": "d:1",
    });
    expect(await clusters(warehouse, "cluster_or")).toEqual({
      "a:1": "a:1",
      "b:1": "a:1",
      "c:1": "a:1",
      "d:1": "d:1",
    });
    expect(Object.values(await clusters(warehouse))).toEqual(["a:1", "b:1", "c:1", "d:1"]);
    warehouse.close();
    warehouse = await modelWarehouse({ identity: { nameRule: "or", extraRules: [] } });
    await setRecords(warehouse, records);
    await run(warehouse);
    expect(await clusters(warehouse)).toEqual({ "a:1": "a:1", "b:1": "a:1", "c:1": "a:1", "d:1": "d:1" });
  });

  it("keeps every person_id across runs and new records; records merges and splits", async () => {
    warehouse = await modelWarehouse();
    const base: Record[] = [
      { id: "x:1", national: "N1" },
      { id: "x:2", national: "N1" },
      { id: "x:3", national: "N1" },
      { id: "y:1", national: "N2" },
      { id: "z:1", national: "N3" },
    ];
    await setRecords(warehouse, base);
    await run(warehouse);
    const first = await persons(warehouse);
    expect(new Set(Object.values(first)).size).toBe(3);

    await run(warehouse);
    expect(await persons(warehouse)).toEqual(first);

    // A new record joins N2 and a new person appears: nobody else's id moves.
    await setRecords(warehouse, [...base, { id: "a:0", national: "N2" }, { id: "w:1", national: "N9" }]);
    await run(warehouse);
    const second = await persons(warehouse);
    for (const id of ["x:1", "x:2", "x:3", "y:1", "z:1"]) expect(second[id]).toBe(first[id]);
    expect(second["a:0"]).toBe(first["y:1"]);

    // z:1 gains N1's identifier (merge); x:3 loses it (split).
    await setRecords(warehouse, [
      { id: "x:1", national: "N1" },
      { id: "x:2", national: "N1" },
      { id: "x:3", national: "N7" },
      { id: "y:1", national: "N2" },
      { id: "a:0", national: "N2" },
      { id: "z:1", national: "N1" },
      { id: "w:1", national: "N9" },
    ]);
    await run(warehouse);
    const third = await persons(warehouse);
    expect(third["x:1"]).toBe(first["x:1"]);
    // The merged person keeps the id that brought most records (x's two over z's one).
    expect(third["z:1"]).toBe(first["x:1"]);
    expect(third["x:3"]).not.toBe(first["x:1"]);
    expect(third["y:1"]).toBe(first["y:1"]);
    const changes = await warehouse.all(
      "SELECT change, from_person_id::VARCHAR AS from_id, to_person_id::VARCHAR AS to_id, records FROM identity.identity_changes ORDER BY ALL",
    );
    expect(changes).toEqual([
      { change: "merge", from_id: first["z:1"], to_id: first["x:1"], records: 1 },
      { change: "split", from_id: first["x:1"], to_id: third["x:3"], records: 1 },
    ]);
  });
});

describe("identity report marts", () => {
  it("count records, persons under AND and OR, links per rule and cluster sizes", async () => {
    const warehouse = await modelWarehouse({ identity: { extraRules: [] } });
    try {
      await setRecords(warehouse, [
        { id: "crm:1", nee: "K1", name: "ANNA|LIND", email: "a@x", system: ["S1"] },
        { id: "crm:2", nee: "K2", name: "ANNA|LIND", email: "b@x" },
        { id: "ladok:1", national: "N1", system: ["S1"] },
        { id: "adm:1", national: "N1" },
        { id: "adm:2", national: "N2" },
      ]);
      await run(warehouse);
      expect(
        await warehouse.one("SELECT * EXCLUDE (name_rule_in_use) FROM marts.mart_identity_summary"),
      ).toEqual({
        records: 5,
        persons: 3,
        persons_under_and: 3,
        persons_under_or: 2,
        extra_merges_under_or: 1,
        review_candidates: 0,
      });
      expect(await warehouse.all("SELECT rule, links FROM marts.mart_identity_links_by_rule")).toEqual([
        { rule: "national_id", links: 1 },
        { rule: "system_id", links: 1 },
        { rule: "name", links: 1 },
      ]);
      expect(await warehouse.all("SELECT * FROM marts.mart_identity_cluster_sizes")).toEqual([
        { records_per_person: "1", persons: 2 },
        { records_per_person: "3", persons: 1 },
      ]);
      expect(
        await warehouse.all(
          "SELECT source, records, persons, persons_linkable_to_records FROM marts.mart_identity_records_by_source",
        ),
      ).toEqual([
        { source: "adm", records: 2, persons: 2, persons_linkable_to_records: 1 },
        { source: "crm", records: 2, persons: 2, persons_linkable_to_records: 1 },
        { source: "ladok", records: 1, persons: 1, persons_linkable_to_records: 1 },
      ]);
    } finally {
      warehouse.close();
    }
  });
});
