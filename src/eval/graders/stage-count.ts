import type { Grader } from "./shared.js";

/** The plan has between `min` and `max` stages (no plan counts as zero). */
export const gradeStageCount: Grader<{ min?: number | undefined; max?: number | undefined }> = (
  { min, max },
  { result },
) => {
  const count = result.plan?.stages.length ?? 0;
  const low = min === undefined || count >= min;
  const high = max === undefined || count <= max;
  const range = `[${min ?? 0}, ${max ?? "any"}]`;
  return {
    pass: low && high,
    grader: "stageCount",
    reason: `${count} stage(s), expected ${range}`,
  };
};
