import { cohortTable } from "../outcomes/cohort-publish.ts";

export default cohortTable("family_studied_here");
