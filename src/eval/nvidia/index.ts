export {
  type Check,
  type CheckStatus,
  countStatus,
  type NvidiaCaseOutcome,
  type NvidiaSuiteResult,
  passes,
} from "./outcome.js";
export { type NvidiaRunOptions, runSkillTasks, runTier2Cases } from "./run.js";
export {
  type BehaviourCheck,
  defaultSkillChecksFile,
  type GradedTask,
  loadSkillChecks,
  loadSkillTasks,
  pairTasks,
  type SkillChecks,
  type SkillTask,
} from "./skill-evals.js";
export { gradeBehaviours } from "./skill-grade.js";
export { loadTier2Cases, parseTier2Case, type Tier2Case } from "./tier2-case.js";
export { gradeTier2 } from "./tier2-grade.js";
