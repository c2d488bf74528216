import type { Catalog } from "../catalog/index.js";
import type { Plan } from "../planner/plan.js";
import { findSecretValues } from "./secret-values.js";
import { buildStageConfig } from "./stage-config.js";
import {
  type FileToWrite,
  type TrackedCheck,
  type WriteResult,
  writeStageConfigs,
} from "./write-files.js";

export interface WritePlanOptions {
  catalog: Catalog;
  plan: Pick<Plan, "name" | "stages">;
  /** `$NEMOTRON_ENV_FILE`, whose secret values must stay out of every file. */
  envFile?: string;
  git?: boolean | TrackedCheck;
}

/**
 * Act for a whole plan in one call: build every stage's config first (any
 * refusal stops before a byte is written), then create them all. Re-running it
 * after a crash reports the files already made as `unchanged`.
 */
export async function writePlanConfigs(options: WritePlanOptions): Promise<WriteResult> {
  const secretValues = findSecretValues(options.catalog.root, options.envFile);
  const files = plannedFiles(options);
  const write = { root: options.catalog.root, files, secretValues };
  return writeStageConfigs(options.git === undefined ? write : { ...write, git: options.git });
}

/** The files Act would create for a plan, with their text; nothing is written. */
export function plannedFiles(options: Omit<WritePlanOptions, "git">): FileToWrite[] {
  const { catalog, plan } = options;
  const secretValues = findSecretValues(catalog.root, options.envFile);
  return plan.stages.map((stage) => ({
    path: stage.configPath,
    text: buildStageConfig({ catalog, stage, plan, secrets: secretValues }).text,
  }));
}
