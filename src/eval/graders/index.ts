import type { Expect } from "../case-schema.js";
import { gradeCommandFragments } from "./command-fragments.js";
import { gradeCommandFragmentsAbsent } from "./command-fragments-absent.js";
import { gradeEdges } from "./edges.js";
import { gradeFiles } from "./files.js";
import { gradeFindingCodes } from "./finding-codes.js";
import { gradeFindingCodesAbsent } from "./finding-codes-absent.js";
import { gradeMermaid } from "./mermaid.js";
import { gradeNewConfigPaths } from "./new-config-paths.js";
import { gradeNoCanary } from "./no-canary.js";
import { gradeParams } from "./params.js";
import { gradePhrases } from "./phrases.js";
import { gradePhrasesAbsent } from "./phrases-absent.js";
import { gradeRequiredInputs } from "./required-inputs.js";
import { gradeRequiredInputsAbsent } from "./required-inputs-absent.js";
import { gradeRoute } from "./route.js";
import type { Grader } from "./shared.js";
import { gradeStageCount } from "./stage-count.js";
import { gradeStatus } from "./status.js";
import { gradeStepsExclude } from "./steps-exclude.js";
import { gradeStepsInOrder } from "./steps-in-order.js";
import { gradeStepsInclude } from "./steps-include.js";
import { gradeTier } from "./tier.js";
import { gradeTiersAbsent } from "./tiers-absent.js";
import { gradeUsage } from "./usage.js";

/** The value of each expectation kind when it is set. */
export type ExpectValues = { [K in keyof Expect]-?: Exclude<Expect[K], undefined> };

/** One grader per expectation kind; the mapped type makes a missing grader a compile error. */
export type GraderMap = { [K in keyof ExpectValues]: Grader<ExpectValues[K]> };

export const GRADERS: GraderMap = {
  route: gradeRoute,
  status: gradeStatus,
  stepsInclude: gradeStepsInclude,
  stepsExclude: gradeStepsExclude,
  stepsInOrder: gradeStepsInOrder,
  stageCount: gradeStageCount,
  edges: gradeEdges,
  phrases: gradePhrases,
  phrasesAbsent: gradePhrasesAbsent,
  commandFragments: gradeCommandFragments,
  commandFragmentsAbsent: gradeCommandFragmentsAbsent,
  tier: gradeTier,
  tiersAbsent: gradeTiersAbsent,
  requiredInputs: gradeRequiredInputs,
  requiredInputsAbsent: gradeRequiredInputsAbsent,
  findingCodes: gradeFindingCodes,
  findingCodesAbsent: gradeFindingCodesAbsent,
  params: gradeParams,
  files: gradeFiles,
  noCanary: gradeNoCanary,
  usage: gradeUsage,
  mermaidTypeChecks: gradeMermaid,
  newConfigPaths: gradeNewConfigPaths,
};

export { type ChartCheck, checkChart, type IsARule } from "./chart.js";
export {
  firstMermaidBlock,
  type MermaidEdge,
  type MermaidGraph,
  parseMermaid,
} from "./mermaid-parse.js";
export type { GradeCatalog, GradeContext, GradeOutcome, Grader } from "./shared.js";
