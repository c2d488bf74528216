import path from "node:path";
import { type Catalog, STEPS_DIR } from "../../catalog/index.js";
import type { Finding } from "../../planner/plan.js";
import { error } from "../../validators/index.js";
import type { ScaffoldDraft } from "../schema.js";
import { type ConfigFile, checkConfigs } from "./configs.js";
import { checkManifest, checkStepId } from "./manifest.js";
import type { PythonOptions } from "./python-probe.js";
import { checkStepPy } from "./step-py.js";
import { linesOf, placeholderFindings } from "./text-rules.js";

export { MAX_CONFIG_LINES } from "./configs.js";
export {
  type ModuleNames,
  type ProbeResult,
  type PythonOptions,
  probeModuleNames,
  probeSource,
  type SourceFacts,
} from "./python-probe.js";
export { MAX_STEP_PY_LINES } from "./step-py.js";

export interface ValidateOptions {
  catalog: Catalog;
  python?: PythonOptions;
}

/** Files every scaffold ships, relative to its step folder. */
const REQUIRED_FILES = ["step.toml", "step.py", "config/default.yaml", "README.md"];

/** Paths relative to the step folder; findings for any file outside it. */
function layout(
  draft: ScaffoldDraft,
  dir: string,
): { files: Map<string, string>; findings: Finding[] } {
  const files = new Map<string, string>();
  const findings: Finding[] = [];
  for (const file of draft.files) {
    const normal = path.posix.normalize(file.path);
    if (normal !== file.path || !normal.startsWith(`${dir}/`)) {
      findings.push(
        error(
          "file_outside_step",
          `${file.path} is not inside ${dir}/`,
          "Write only inside the new step folder.",
        ),
      );
      continue;
    }
    files.set(normal.slice(dir.length + 1), file.text);
  }
  for (const name of REQUIRED_FILES.filter((n) => !files.has(n))) {
    findings.push(error("missing_file", `the scaffold has no ${dir}/${name}`, `Add ${name}.`));
  }
  return { files, findings };
}

/** README `steps run … -c <name>` lines must name configs the scaffold ships. */
function readmeCommands(file: string, text: string, configNames: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const { text: line, line: n } of linesOf(text)) {
    if (!line.includes("nemotron steps run")) continue;
    const name = /(?:^|\s)-c\s+(\S+)/.exec(line)?.[1];
    if (name && !configNames.includes(name)) {
      out.push(
        error(
          "readme_config",
          `${file}:${n} runs config "${name}", which the scaffold does not ship`,
          "Point the command at a config in config/.",
        ),
      );
    }
  }
  return out;
}

/**
 * Every check a scaffold must pass before it is written: layout, manifest,
 * runspec header, Python syntax and imports, placeholders, sizes and configs.
 * Offline proposals and model drafts go through the same gate.
 */
export async function validateScaffold(
  draft: ScaffoldDraft,
  options: ValidateOptions,
): Promise<Finding[]> {
  const { catalog } = options;
  const dir = `${STEPS_DIR}/${draft.stepId}`;
  const { files, findings } = layout(draft, dir);
  findings.push(...checkStepId(catalog, draft.stepId));
  const manifestText = files.get("step.toml");
  const manifest =
    manifestText === undefined
      ? undefined
      : checkManifest(catalog, draft.stepId, `${dir}/step.toml`, manifestText);
  if (manifest) findings.push(...manifest.findings);
  const configs: ConfigFile[] = [...files]
    .filter(([name]) => /^config\/[^/]+\.yaml$/.test(name))
    .map(([name, text]) => ({
      name: name.slice("config/".length, -".yaml".length),
      file: `${dir}/${name}`,
      text,
    }));
  const configNames = configs.map((c) => c.name);
  findings.push(...checkConfigs(configs, manifest?.manifest));
  const stepPy = files.get("step.py");
  if (stepPy !== undefined) {
    const draftFiles = new Map(draft.files.map((f) => [f.path, f.text]));
    findings.push(
      ...(await checkStepPy(`${dir}/step.py`, stepPy, {
        root: catalog.root,
        draftFiles,
        python: options.python ?? {},
        stepId: draft.stepId,
        configNames,
      })),
    );
  }
  const readme = files.get("README.md");
  if (readme !== undefined) {
    findings.push(...placeholderFindings(`${dir}/README.md`, linesOf(readme), "words"));
    findings.push(...readmeCommands(`${dir}/README.md`, readme, configNames));
  }
  return findings;
}

/** True when no finding is an error. */
export function passes(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.level === "error");
}
