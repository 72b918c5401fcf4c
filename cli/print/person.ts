import type { PersonView } from "../../app/person.ts";
import { table } from "../output.ts";

/** `slm person` for a reader: one heading per section, each a table ("(none)" when the person has no rows). */
export function printPerson(view: PersonView): void {
  const sections: [string, Record<string, unknown>[]][] = [
    ["Records", view.records],
    ["Identity evidence (links between the records, by rule)", view.identity],
    ["Timeline", view.timeline],
    ["Route of application", view.applications],
    ["Prior education", view.prior_education],
    ["School of origin", view.school ? [view.school] : []],
    ["Open days and trial lectures", view.open_days],
    ["Other events", view.other_events],
    ["Forms (scholarship, arrival and housing with the application they belong to)", view.forms],
    ["Results and credits per term", view.results],
    ["Degrees", view.degrees],
    ["Study breaks", view.study_breaks],
    // a year is a label, not a count to group by thousands
    [
      "Alumni",
      view.alumni.map((row) => ({ ...row, graduation_year: row.graduation_year?.toString() ?? null })),
    ],
    ["Alumni engagements", view.engagements],
    ["Family members at the institution", view.family],
    ["Mailings received, by department", view.mailings],
    ["Consents", view.consents],
  ];
  process.stdout.write(`person ${view.person_id} (found by ${view.lookup})\n`);
  for (const [heading, rows] of sections) process.stdout.write(`\n${heading}\n${table(rows)}`);
  process.stdout.write("\n");
}
