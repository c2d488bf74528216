import { type Grader, quoteList, stageSteps, verdict } from "./shared.js";

/** Every listed step is a stage of the plan. */
export const gradeStepsInclude: Grader<string[]> = (want, { result }) => {
  const steps = stageSteps(result);
  const missing = want.filter((step) => !steps.includes(step));
  const failures = missing.length
    ? [`missing ${quoteList(missing)} (plan has ${quoteList(steps)})`]
    : [];
  return verdict("stepsInclude", failures, `plan includes ${quoteList(want)}`);
};
