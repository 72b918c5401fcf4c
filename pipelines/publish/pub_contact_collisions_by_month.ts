import { definePublishTable } from "../disclosure/index.ts";

/**
 * The collisions calendar: persons mailed by two different departments within the collision window,
 * per month of the later message. A flat table (a person may collide in several months), no margins;
 * months are the finest grain that leaves most cells above the suppression threshold on the demo.
 */
export default definePublishTable({
  name: "pub_contact_collisions_by_month",
  grain: "one row per calendar month of the later message, persons in a collision after disclosure control",
  source: `SELECT strftime(date_trunc('month', sent_at_2), '%Y-%m') AS month, count(DISTINCT person_id) AS persons
             FROM marts.mart_contact_collisions GROUP BY ALL`,
  dimensions: ["month"],
  measures: [{ kind: "count", column: "persons" }],
});
