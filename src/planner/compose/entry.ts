import type { Catalog } from "../../catalog/index.js";
import { leaksSecret } from "../../secrets/index.js";
import type { Finding, ParamValue, RequiredInput, Stage } from "../plan.js";
import { keyAccepted } from "../stage-config.js";
import type { PlanNode } from "./dag.js";

/** A planned stage: the node it was built from and the stage record being filled. */
export interface Entry {
  node: PlanNode;
  stage: Stage;
}

/** Collects findings and questions while the stages are filled in. */
export class Collector {
  readonly findings: Finding[] = [];
  readonly required: RequiredInput[] = [];
  /** Question ids asked so far, with the stage each concerns. */
  private readonly asked: Array<{ id: string; stage: string | undefined }> = [];

  constructor(
    private readonly questions: Readonly<Record<string, string>>,
    /** Question id → public key of the required input (see `inputKeys` in planning.yaml). */
    private readonly inputKeys: Readonly<Record<string, string>> = {},
  ) {}

  /**
   * Ask for a missing value. `id` names what is missing (`checkpoint.checkpoint_hf`), `template`
   * the question text; the required input carries the public key of the template. Ids are asked
   * once per plan unless they concern one stage's input.
   */
  ask(id: string, stage: string | undefined, fill: Record<string, string> = {}, template = id) {
    const perStage = id.startsWith("data.") || id.startsWith("checkpoint.");
    const duplicate = this.asked.some((a) => a.id === id && (!perStage || a.stage === stage));
    if (duplicate) return;
    this.asked.push({ id, stage });
    const key = this.inputKeys[template] ?? this.inputKeys[id] ?? id;
    const text = this.questions[template] ?? this.questions[id] ?? `Please provide ${id}.`;
    const question = text.replace(/\{(\w+)\}/g, (whole, name: string) => fill[name] ?? whole);
    this.required.push(stage === undefined ? { key, question } : { key, question, stage });
  }

  /** True when the question id was asked (for the stage, when given). */
  hasAsked(id: string, stage?: string): boolean {
    return this.asked.some((a) => a.id === id && (stage === undefined || a.stage === stage));
  }

  warn(code: string, message: string, fix: string, stage?: string) {
    this.add({ level: "warning", code, message: `WARNING: ${message}`, fix }, stage);
  }

  info(code: string, message: string, fix?: string, stage?: string) {
    this.add({ level: "info", code, message, ...(fix ? { fix } : {}) }, stage);
  }

  private add(finding: Finding, stage: string | undefined) {
    const full = stage === undefined ? finding : { ...finding, stage };
    const seen = this.findings.some(
      (f) => f.code === full.code && f.message === full.message && f.stage === full.stage,
    );
    if (!seen) this.findings.push(full);
  }
}

/**
 * Set a config key on a stage, but only a key the step's shipped config or
 * manifest has, and never a credential value. Returns whether it was set.
 */
export function writeParam(
  catalog: Catalog,
  entry: Entry,
  key: string,
  value: ParamValue,
  collector: Collector,
  origin: "rules" | "optional" | "override" = "rules",
): boolean {
  const { stage } = entry;
  if (!keyAccepted(catalog, stage.step, stage.baseConfig, key)) {
    // Structural keys from the rules must exist; optional ones apply only where the config has them.
    if (origin === "rules") {
      collector.warn(
        "rules_key_missing",
        `the planning rules put a setting of ${stage.step} on ${key}, which its ${stage.baseConfig} config and manifest lack; it is left unset.`,
        "Update references/routing/planning.yaml to the key this checkout uses.",
        stage.id,
      );
    }
    return false;
  }
  if (leaksSecret(key, value)) {
    collector.warn(
      "secret_dropped",
      `${key} looks like a credential, so its value stays out of the plan.`,
      "Export the secret in the runtime environment and put only the variable name in the config.",
      stage.id,
    );
    return false;
  }
  stage.params[key] = value;
  return true;
}
