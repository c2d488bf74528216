import { type Grader, quoteList, stageSteps, verdict } from "./shared.js";

/** The listed steps occur among the stages in this relative order. */
export const gradeStepsInOrder: Grader<string[]> = (want, { result }) => {
  const steps = stageSteps(result);
  let cursor = -1;
  for (const step of want) {
    const at = steps.indexOf(step, cursor + 1);
    if (at === -1) {
      const why = steps.includes(step) ? "comes too early" : "is missing";
      return verdict("stepsInOrder", [`${step} ${why} (plan order: ${quoteList(steps)})`], "");
    }
    cursor = at;
  }
  return verdict("stepsInOrder", [], `stages run in order ${want.join(" -> ")}`);
};
