import { type Grader, quoteList, stageSteps, verdict } from "./shared.js";

/** None of the listed steps is a stage of the plan. */
export const gradeStepsExclude: Grader<string[]> = (banned, { result }) => {
  const steps = stageSteps(result);
  const present = banned.filter((step) => steps.includes(step));
  const failures = present.length ? [`plan must not include ${quoteList(present)}`] : [];
  return verdict("stepsExclude", failures, `plan avoids ${quoteList(banned)}`);
};
