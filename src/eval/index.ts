export {
  type BlindScore,
  type BlindSet,
  defaultBlindDir,
  loadBlindSets,
  scoreBlindSet,
} from "./blind.js";
export {
  type Dimension,
  DimensionSchema,
  type EvalCase,
  EvalCaseSchema,
  type Expect,
  ExpectSchema,
  FindingCodeSchema,
  RequiredInputKeySchema,
  SetupSchema,
  type Turn,
  TurnSchema,
} from "./case-schema.js";
export {
  type CaseGrade,
  type CaseRun,
  type GradedOutcome,
  gradeCase,
  gradeExpect,
  readWrittenFiles,
  summarizeByDimension,
  type Tally,
} from "./grade.js";
export {
  type ChartCheck,
  checkChart,
  firstMermaidBlock,
  GRADERS,
  type GradeCatalog,
  type GradeContext,
  type GradeOutcome,
  type Grader,
  type IsARule,
  type MermaidGraph,
  parseMermaid,
} from "./graders/index.js";
export {
  CaseFileError,
  checkCasesAgainstCatalog,
  defaultCasesDir,
  expectationsOf,
  loadCases,
  parseCaseFile,
  stepsNamedBy,
} from "./load-cases.js";
