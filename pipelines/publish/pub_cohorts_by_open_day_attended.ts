import { cohortTable } from "../outcomes/cohort-publish.ts";

export default cohortTable("open_day_attended");
