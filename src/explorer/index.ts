export { type BuildScaffoldInput, buildScaffold } from "./build.js";
export {
  MAX_CONFIG_LINES,
  MAX_STEP_PY_LINES,
  type PythonOptions,
  passes,
  probeModuleNames,
  probeSource,
  type ValidateOptions,
  validateScaffold,
} from "./checks/index.js";
export { ExplorerError, type ExplorerErrorCode } from "./errors.js";
export {
  previewScaffold,
  type ScaffoldInput,
  type ScaffoldOutcome,
  type ScaffoldPreview,
  writeScaffold,
} from "./flow.js";
export { analyseGap, type GapAnalysis } from "./gap.js";
export { REQUIRED } from "./knobs.js";
export {
  DEFAULT_MAX_REPAIRS,
  type RepairLoopInput,
  type RepairLoopResult,
  scaffoldWithRepair,
} from "./repair.js";
export { renderScaffoldPreview, renderScaffoldReport } from "./report.js";
export { listRunnerModules, RUNNERS_DIR, type RunnerShape } from "./runners.js";
export {
  type ClosestStep,
  draftOf,
  type Knob,
  type ScaffoldDraft,
  ScaffoldDraftSchema,
  type ScaffoldFile,
  type ScaffoldProposal,
  ScaffoldProposalSchema,
  type ScaffoldReport,
  withDraftFiles,
} from "./schema.js";
