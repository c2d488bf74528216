import { STEPS_DIR } from "../../catalog/index.js";
import { type GradeCatalog, type Grader, relativePath, verdict } from "./shared.js";

/**
 * Customisation only adds files: each stage's config is a new YAML inside its own step's
 * `config/` folder, and no written file replaces a shipped config or step file.
 */
export const gradeNewConfigPaths: Grader<true> = (_want, { result, catalog, checkoutRoot }) => {
  const failures: string[] = [];
  for (const stage of result.plan?.stages ?? []) {
    const problem = stageConfigProblem(stage.step, relativePath(stage.configPath), catalog);
    if (problem) failures.push(`${stage.id}: ${problem}`);
  }
  const shipped = shippedFiles(catalog);
  for (const file of result.files) {
    const rel = relativePath(file.path, checkoutRoot);
    if (!rel.startsWith(`${STEPS_DIR}/`)) failures.push(`${rel} is outside ${STEPS_DIR}/`);
    if (shipped.has(rel)) failures.push(`${rel} overwrites a shipped file`);
  }
  const checked = (result.plan?.stages.length ?? 0) + result.files.length;
  return verdict("newConfigPaths", failures, `${checked} config path(s) are new files`);
};

function stageConfigProblem(
  stepId: string,
  rel: string,
  catalog: GradeCatalog,
): string | undefined {
  const step = catalog.step(stepId);
  if (!step) return `unknown step ${stepId}`;
  const dir = `${step.path}/config/`;
  if (!rel.startsWith(dir) || rel.slice(dir.length).includes("/") || !rel.endsWith(".yaml")) {
    return `config ${rel} is not a YAML file directly in ${dir}`;
  }
  const name = rel.slice(dir.length, -".yaml".length);
  if (step.configs.includes(name)) return `config ${rel} would replace the shipped ${name}.yaml`;
  return undefined;
}

function shippedFiles(catalog: GradeCatalog): Set<string> {
  const files = new Set<string>();
  for (const step of catalog.steps) {
    for (const name of ["step.toml", "step.py", "README.md"]) files.add(`${step.path}/${name}`);
    for (const config of step.configs) files.add(`${step.path}/config/${config}.yaml`);
  }
  return files;
}
