import { cohortTable } from "../outcomes/cohort-publish.ts";

export default cohortTable("prior_education");
