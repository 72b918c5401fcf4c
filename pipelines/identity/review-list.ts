import type { Warehouse } from "../../warehouse/connection.ts";

/** One pair of the fuzzy review list with the evidence an analyst decides on (DESIGN §5 rule 4). */
export interface ReviewPair {
  record_id: string;
  source: string;
  person_id: string;
  candidate_record_id: string;
  candidate_source: string;
  candidate_person_id: string;
  /** Jaro-Winkler of the folded names, the better of as written and first and last name swapped. */
  name_similarity: number;
  names_swapped: boolean;
  same_birth_date: boolean;
  same_email_domain: boolean;
  email_local_similarity: number;
  /** The fields that agreed, in words: what made the pair a candidate. */
  agreed: string[];
}

/**
 * The review pairs of identity.int_review_candidates with each side's source and person (so `slm person`
 * opens either), best match first. Pseudonymous ids and scores only: the names compared stay in `raw`.
 */
export async function reviewList(warehouse: Warehouse): Promise<ReviewPair[]> {
  const rows = await warehouse.all<Omit<ReviewPair, "agreed"> & { agreed: string }>(
    `SELECT
       c.record_id,
       split_part(c.record_id, ':', 1) AS source,
       a.person_id::VARCHAR AS person_id,
       c.candidate_record_id,
       split_part(c.candidate_record_id, ':', 1) AS candidate_source,
       b.person_id::VARCHAR AS candidate_person_id,
       c.name_similarity::DOUBLE AS name_similarity,
       c.names_swapped,
       c.same_birth_date,
       coalesce(c.same_email_domain, false) AS same_email_domain,
       c.email_local_similarity::DOUBLE AS email_local_similarity,
       to_json(list_filter([
         CASE WHEN c.names_swapped THEN 'name (first and last swapped)' ELSE 'name' END,
         CASE WHEN c.same_birth_date THEN 'birth date' END,
         CASE WHEN c.same_email_domain THEN 'e-mail domain' END,
         -- the e-mail hint of the model: an address at the same domain, nearly the same
         CASE WHEN c.same_email_domain AND c.email_local_similarity >= 0.9 THEN 'e-mail address alike' END
       ], x -> x IS NOT NULL))::VARCHAR AS agreed
     FROM identity.int_review_candidates AS c
     JOIN identity.person_registry AS a ON a.record_id = c.record_id
     JOIN identity.person_registry AS b ON b.record_id = c.candidate_record_id
     ORDER BY c.name_similarity DESC, c.record_id, c.candidate_record_id`,
  );
  // a list comes back as a DuckDB value: JSON text turns it into the plain array a script expects
  return rows.map((row) => ({ ...row, agreed: JSON.parse(row.agreed) as string[] }));
}
