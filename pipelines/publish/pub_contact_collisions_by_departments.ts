import { definePublishTable } from "../disclosure/index.ts";

/** Which two departments collide: persons in a collision per unordered pair of departments, all months together. */
export default definePublishTable({
  name: "pub_contact_collisions_by_departments",
  grain:
    "one row per unordered pair of departments (department_1 < department_2), persons in a collision after disclosure control",
  source: `SELECT least(department_1, department_2) AS department_1, greatest(department_1, department_2) AS department_2,
                  count(DISTINCT person_id) AS persons
             FROM marts.mart_contact_collisions GROUP BY ALL`,
  dimensions: ["department_1", "department_2"],
  measures: [{ kind: "count", column: "persons" }],
});
