export { actFindings } from "./act-findings.js";
export {
  type CommandOutcome,
  type CommandRunner,
  findOnPath,
  spawnCommandRunner,
} from "./command-runner.js";
export { configFileName, slugify } from "./config-name.js";
export { findEnvFiles } from "./env-files.js";
export { type ReadEnvProfilesOptions, readEnvProfiles } from "./env-profiles.js";
export { ActError, type ActErrorCode } from "./errors.js";
export { type GitState, gitState, isTracked } from "./git-state.js";
export { plannedFiles, type WritePlanOptions, writePlanConfigs } from "./plan-write.js";
export { type CheckedTarget, checkTarget } from "./safe-path.js";
export { findSecretValues } from "./secret-values.js";
export {
  type BuildStageConfigOptions,
  buildStageConfig,
  type StageConfig,
} from "./stage-config.js";
export { type VerifyInput, verifyWrittenConfigs } from "./verify-configs.js";
export {
  type FileToWrite,
  filesInPlace,
  removeStaleTemps,
  sha256,
  sweepStaleTemps,
  type TrackedCheck,
  type WriteOptions,
  type WriteResult,
  type WrittenFile,
  writeStageConfigs,
} from "./write-files.js";
