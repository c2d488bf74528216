import type { Status } from "../../planner/result.js";
import { asList, type Grader } from "./shared.js";

/** The answer ended in one of the expected statuses. */
export const gradeStatus: Grader<Status | Status[]> = (want, { result }) => {
  const allowed = asList(want);
  const pass = allowed.includes(result.status);
  const reason = pass
    ? `status is ${result.status}`
    : `status is ${result.status}, expected ${allowed.join(" or ")}`;
  return { pass, grader: "status", reason };
};
