import type { Route } from "../../planner/intent.js";
import { asList, type Grader } from "./shared.js";

/** The answer took one of the expected routes. */
export const gradeRoute: Grader<Route | Route[]> = (want, { result }) => {
  const allowed = asList(want);
  const pass = allowed.includes(result.route);
  const reason = pass
    ? `route is ${result.route}`
    : `route is ${result.route}, expected ${allowed.join(" or ")}`;
  return { pass, grader: "route", reason };
};
