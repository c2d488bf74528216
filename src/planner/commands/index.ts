export { answersData, valueAtPath } from "./answers-data.js";
export {
  commandCallouts,
  hostedCallout,
  missingInputLines,
  omittedCallout,
  remoteCallout,
} from "./callouts.js";
export { type HostedCall, hostedCall } from "./hosted.js";
export {
  profileSourceText,
  profileVarsText,
  remoteRequested,
  selectProfile,
} from "./profile.js";
export {
  buildStepCommand,
  flowYaml,
  overrideText,
  type StepCommandOptions,
  shellQuote,
} from "./shell.js";
export {
  commandsForPlan,
  noProfileReason,
  type StageCommand,
  stageCommand,
  stageCommands,
  writesProfiles,
} from "./stage-command.js";
export { chooseShippedConfig, stepDefinesKey } from "./step-keys.js";
