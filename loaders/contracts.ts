import { type Contract, contractKey } from "./contract.ts";
import { crmFormSubmissions } from "./crm/form-submissions.contract.ts";
import { programmeCounts } from "./external/programme-counts.contract.ts";
import { assessmentResults } from "./records/assessment-results.contract.ts";
import { courseRegistrations } from "./records/course-registrations.contract.ts";
import { studentOutcomes } from "./records/student-outcomes.contract.ts";

/** Every extract contract the warehouse knows, by "source.entity". */
export const CONTRACTS: ReadonlyMap<string, Contract> = new Map(
  [crmFormSubmissions, studentOutcomes, courseRegistrations, programmeCounts, assessmentResults]
    .map((contract) => contract as unknown as Contract)
    .map((contract) => [contractKey(contract), contract]),
);

export function getContract(key: string): Contract {
  const contract = CONTRACTS.get(key);
  if (!contract) {
    throw new Error(`unknown contract "${key}"; known: ${[...CONTRACTS.keys()].join(", ")}`);
  }
  return contract;
}
