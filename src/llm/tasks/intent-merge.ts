import type { Catalog } from "../../catalog/index.js";
import { type Intent, IntentSchema } from "../../planner/intent.js";
import { withoutUndefined } from "../../planner/intent-reader/merge.js";
import type { Finding } from "../../planner/plan.js";
import { holdsSecret, type KnownSecrets, writtenPaths } from "../../secrets/index.js";
import {
  checkHardware,
  loadModelValueRules,
  loraSupport,
  type ModelValueRules,
  namedIn,
  plainProse,
  qualitySupport,
  type Support,
  shown,
  taskSupport,
} from "../../validators/model-values/index.js";
import type { IntentProposal } from "./intent-schema.js";

export interface MergeContext {
  catalog: Catalog;
  /** The request as the model saw it (secrets masked): concrete values must appear in it verbatim. */
  text: string;
  secrets: KnownSecrets;
  /** What counts as support in the request for a fact the model adds (the shipped rules by default). */
  rules?: ModelValueRules;
}

const LANGUAGE_CODE = /^[a-z]{2}$/;
const MAX_GAP_LENGTH = 200;

/**
 * Merge the model's reading into the rule-based one. The rules' values win
 * wherever they exist (they are what the user typed, verbatim); the model only
 * fills gaps, and only with values the catalog knows or the request contains.
 * A fact that changes the stages (artifacts the user has, backend, LoRA,
 * executor, hardware, GPU type, eval tasks, a quality claim, data format) is
 * a hint: kept only when words of the request say so. Route, goals and steps
 * come from the model only when the rules understood no goal at all.
 * Everything dropped is reported.
 */
export function mergeIntent(
  offline: Intent,
  proposal: IntentProposal,
  ctx: MergeContext,
): { intent: Intent; findings: Finding[] } {
  const findings: Finding[] = [];
  const rules = ctx.rules ?? loadModelValueRules();
  const drop = (what: string, why: string) =>
    findings.push({
      level: "warning",
      code: "llm_rejected",
      message: `the model proposed ${what}, ${why}; it was dropped`,
    });
  const safe = (field: string) => (value: string) => {
    if (!holdsSecret(value, ctx.secrets) && !value.includes("[redacted]")) return true;
    drop(`a secret-looking value for ${field}`, "which is never kept");
    return false;
  };
  const written = writtenPaths(ctx.text);
  const stated = (field: string, what: string) => (value: string) => {
    if (written.includes(value)) return true;
    drop(
      `${what} ${shown(value)}`,
      `which is not in the request (${field} values are copied from what you wrote)`,
    );
    return false;
  };

  const steps = (proposal.steps ?? []).filter(safe("steps")).filter((id) => {
    if (ctx.catalog.step(id)) return true;
    drop(`step ${shown(id)}`, "which the catalog lacks");
    return false;
  });
  /** A fact the model adds is kept when the request supports it; else dropped, saying so. */
  const supported = <T>(what: string, value: T, support: Support): T | undefined => {
    if (support) return value;
    drop(what, "which nothing in the request says");
    return undefined;
  };
  const hint = <T extends string>(what: string, value: T | undefined): T | undefined =>
    value === undefined
      ? undefined
      : supported(`${what} ${shown(value)}`, value, namedIn(ctx.text, value));
  const has = (proposal.data?.has ?? []).filter(safe("data.has")).filter((type) => {
    if (!ctx.catalog.artifacts.has(type)) {
      drop(`artifact type ${shown(type)}`, "which the catalog lacks");
      return false;
    }
    if (offline.data.has.includes(type)) return true;
    return (
      supported(`that you already have ${shown(type)}`, true, namedIn(ctx.text, type)) ?? false
    );
  });
  const paths = (proposal.data?.paths ?? [])
    .filter(safe("data.paths"))
    .filter(stated("data.paths", "path"));
  const tasks = (proposal.evalTasks ?? []).filter(safe("eval.tasks")).filter((task) => {
    if (taskSupport(ctx.text, task, rules)) return true;
    drop(`eval task ${shown(task)}`, "which the request does not name as a task id");
    return false;
  });
  const languages = (proposal.data?.languages ?? []).filter((code) => {
    if (LANGUAGE_CODE.test(code)) return true;
    drop(`language ${shown(code)}`, "which is not an ISO-639-1 code");
    return false;
  });

  const understood = offline.goals.length > 0 || offline.explicitSteps.length > 0;
  const takeReading =
    !understood &&
    ((proposal.goals?.length ?? 0) > 0 || steps.length > 0 || proposal.route === "explorer");
  const route = takeReading && proposal.route ? proposal.route : offline.route;
  const gap =
    route === "explorer" && !offline.gap && proposal.gap && safe("gap")(proposal.gap)
      ? plainGap(proposal.gap, rules, drop)
      : offline.gap;

  const merged = {
    ...offline,
    route,
    goals: takeReading ? (proposal.goals ?? []) : offline.goals,
    explicitSteps: takeReading ? steps : offline.explicitSteps,
    model: offline.model ?? modelOf(proposal.model, ctx, drop, safe("model")),
    hardware: mergeHardware(offline, proposal, ctx.text, drop),
    executor: {
      ...offline.executor,
      kind:
        offline.executor.kind ??
        (proposal.executor &&
          supported(
            `executor ${shown(proposal.executor)}`,
            proposal.executor,
            namedIn(ctx.text, proposal.executor),
          )),
    },
    data: {
      ...offline.data,
      paths: [...offline.data.paths, ...paths.filter((p) => !offline.data.paths.includes(p))],
      format: offline.data.format ?? hint("data format", proposal.data?.format),
      kind: offline.data.kind ?? hint("data kind", proposal.data?.kind),
      languages: offline.data.languages.length > 0 ? offline.data.languages : languages,
      has: [...new Set([...offline.data.has, ...has])],
    },
    translation: {
      ...offline.translation,
      source: offline.translation.source ?? languageOf(proposal.translation?.source),
      target: offline.translation.target ?? languageOf(proposal.translation?.target),
      backend:
        offline.translation.backend ?? hint("translation backend", proposal.translation?.backend),
    },
    backend: offline.backend ?? hint("backend", proposal.backend),
    lora:
      offline.lora ??
      (proposal.lora === undefined
        ? undefined
        : supported(
            proposal.lora ? "LoRA" : "full fine-tuning",
            proposal.lora,
            loraSupport(ctx.text, proposal.lora, rules),
          )),
    eval: { ...offline.eval, tasks: offline.eval.tasks.length > 0 ? offline.eval.tasks : tasks },
    qualityClaim:
      offline.qualityClaim ||
      (proposal.qualityClaim === true &&
        supported("a quality claim", true, qualitySupport(ctx.text, rules)) === true),
    gap,
  };
  return { intent: IntentSchema.parse(withoutUndefined(merged)), findings };
}

type Drop = (what: string, why: string) => void;

/** A capability gap the plan names: one plain sentence, or nothing when it holds markup or commands. */
function plainGap(gap: string, rules: ModelValueRules, drop: Drop): string | undefined {
  const plain = plainProse(gap, rules);
  if (plain.dropped.length > 0 || plain.text.length === 0) {
    drop("a capability gap", `which held ${plain.dropped.join(", ") || "no text"}`);
    return undefined;
  }
  return plain.text.slice(0, MAX_GAP_LENGTH);
}

/** A catalog model name (any case), or an id the user wrote; anything else is invented. */
function modelOf(
  name: string | undefined,
  ctx: MergeContext,
  drop: Drop,
  safe: (v: string) => boolean,
): Intent["model"] {
  if (!name || !safe(name)) return undefined;
  const listed = ctx.catalog.steps
    .flatMap((s) => s.models)
    .find((m) => m.name.toLowerCase() === name.toLowerCase());
  if (listed) return { name: listed.name, format: "hf", inCatalog: true };
  const written = writtenPaths(ctx.text).find((p) => p.toLowerCase() === name.toLowerCase());
  if (written) return { name: written, format: "hf", inCatalog: false };
  drop(`model ${shown(name)}`, "which is neither in the catalog nor in the request");
  return undefined;
}

function languageOf(code: string | undefined): string | undefined {
  return code && LANGUAGE_CODE.test(code) ? code : undefined;
}

/**
 * Node and GPU counts as a whole (see `checkHardware`); a GPU type only when
 * the request names it.
 */
function mergeHardware(
  offline: Intent,
  proposal: IntentProposal,
  text: string,
  drop: Drop,
): Intent["hardware"] {
  const hw = { ...offline.hardware };
  const p = proposal.hardware ?? {};
  const checked = checkHardware(text, offline.hardware, p);
  if (checked.problem) {
    const counts = [
      p.nodes !== undefined ? `nodes = ${p.nodes}` : "",
      p.gpusPerNode !== undefined ? `gpusPerNode = ${p.gpusPerNode}` : "",
      p.totalGpus !== undefined ? `totalGpus = ${p.totalGpus}` : "",
    ].filter(Boolean);
    drop(`the hardware ${counts.join(", ")}`, checked.problem);
  }
  const { nodes, gpusPerNode, totalGpus } = checked.counts;
  if (nodes !== undefined) hw.nodes = nodes;
  if (gpusPerNode !== undefined) hw.gpusPerNode = gpusPerNode;
  if (totalGpus !== undefined) hw.totalGpus = totalGpus;
  if (hw.gpuType === undefined && p.gpuType !== undefined) {
    if (namedIn(text, p.gpuType)) hw.gpuType = p.gpuType;
    else drop(`GPU type ${shown(p.gpuType)}`, "which is not in the request");
  }
  return hw;
}
