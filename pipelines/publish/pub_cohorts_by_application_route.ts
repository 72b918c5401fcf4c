import { cohortTable } from "../outcomes/cohort-publish.ts";

export default cohortTable("application_route");
