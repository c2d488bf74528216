import type { Catalog } from "../../catalog/index.js";
import { type Intent, IntentSchema } from "../../planner/intent.js";
import { withoutUndefined } from "../../planner/intent-reader/merge.js";
import type { Finding } from "../../planner/plan.js";
import { holdsSecret, type KnownSecrets } from "../../secrets/index.js";
import type { IntentProposal } from "./intent-schema.js";

export interface MergeContext {
  catalog: Catalog;
  /** The request as the model saw it (secrets masked): concrete values must appear in it verbatim. */
  text: string;
  secrets: KnownSecrets;
}

const LANGUAGE_CODE = /^[a-z]{2}$/;
const MAX_GAP_LENGTH = 200;

/**
 * Merge the model's reading into the rule-based one. The rules' values win
 * wherever they exist (they are what the user typed, verbatim); the model only
 * fills gaps, and only with values the catalog knows or the request contains.
 * Route, goals and steps come from the model only when the rules understood
 * no goal at all. Everything dropped is reported.
 */
export function mergeIntent(
  offline: Intent,
  proposal: IntentProposal,
  ctx: MergeContext,
): { intent: Intent; findings: Finding[] } {
  const findings: Finding[] = [];
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
  const stated = (field: string, what: string) => (value: string) => {
    if (ctx.text.includes(value)) return true;
    drop(
      `${what} \`${value}\``,
      `which is not in the request (${field} values are copied from what you wrote)`,
    );
    return false;
  };

  const steps = (proposal.steps ?? []).filter(safe("steps")).filter((id) => {
    if (ctx.catalog.step(id)) return true;
    drop(`step \`${id}\``, "which the catalog lacks");
    return false;
  });
  const has = (proposal.data?.has ?? []).filter(safe("data.has")).filter((type) => {
    if (ctx.catalog.artifacts.has(type)) return true;
    drop(`artifact type \`${type}\``, "which the catalog lacks");
    return false;
  });
  const paths = (proposal.data?.paths ?? [])
    .filter(safe("data.paths"))
    .filter(stated("data.paths", "path"));
  const tasks = (proposal.evalTasks ?? [])
    .filter(safe("eval.tasks"))
    .filter(stated("eval.tasks", "eval task"));
  const languages = (proposal.data?.languages ?? []).filter((code) => {
    if (LANGUAGE_CODE.test(code)) return true;
    drop(`language \`${code}\``, "which is not an ISO-639-1 code");
    return false;
  });

  const understood = offline.goals.length > 0 || offline.explicitSteps.length > 0;
  const takeReading =
    !understood &&
    ((proposal.goals?.length ?? 0) > 0 || steps.length > 0 || proposal.route === "explorer");
  const route = takeReading && proposal.route ? proposal.route : offline.route;
  const gap =
    route === "explorer" && !offline.gap && proposal.gap && safe("gap")(proposal.gap)
      ? proposal.gap.slice(0, MAX_GAP_LENGTH)
      : offline.gap;

  const merged = {
    ...offline,
    route,
    goals: takeReading ? (proposal.goals ?? []) : offline.goals,
    explicitSteps: takeReading ? steps : offline.explicitSteps,
    model: offline.model ?? modelOf(proposal.model, ctx, drop, safe("model")),
    hardware: mergeHardware(offline, proposal, ctx.text, drop),
    executor: { ...offline.executor, kind: offline.executor.kind ?? proposal.executor },
    data: {
      ...offline.data,
      paths: [...offline.data.paths, ...paths.filter((p) => !offline.data.paths.includes(p))],
      format: offline.data.format ?? proposal.data?.format,
      kind: offline.data.kind ?? proposal.data?.kind,
      languages: offline.data.languages.length > 0 ? offline.data.languages : languages,
      has: [...new Set([...offline.data.has, ...has])],
    },
    translation: {
      ...offline.translation,
      source: offline.translation.source ?? languageOf(proposal.translation?.source),
      target: offline.translation.target ?? languageOf(proposal.translation?.target),
      backend: offline.translation.backend ?? proposal.translation?.backend,
    },
    backend: offline.backend ?? proposal.backend,
    lora: offline.lora ?? proposal.lora,
    eval: { ...offline.eval, tasks: offline.eval.tasks.length > 0 ? offline.eval.tasks : tasks },
    qualityClaim: offline.qualityClaim || (proposal.qualityClaim ?? false),
    gap,
  };
  return { intent: IntentSchema.parse(withoutUndefined(merged)), findings };
}

type Drop = (what: string, why: string) => void;

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
  const at = ctx.text.toLowerCase().indexOf(name.toLowerCase());
  if (at >= 0 && name.includes("/")) {
    return { name: ctx.text.slice(at, at + name.length), format: "hf", inCatalog: false };
  }
  drop(`model \`${name}\``, "which is neither in the catalog nor in the request");
  return undefined;
}

function languageOf(code: string | undefined): string | undefined {
  return code && LANGUAGE_CODE.test(code) ? code : undefined;
}

/** GPU and node counts only when the number is written in the request; totals may be derived. */
function mergeHardware(
  offline: Intent,
  proposal: IntentProposal,
  text: string,
  drop: Drop,
): Intent["hardware"] {
  const hw = { ...offline.hardware };
  const p = proposal.hardware ?? {};
  const written = (n: number) => new RegExp(`(?<![\\d.])${n}(?![\\d.])`).test(text);
  for (const field of ["nodes", "gpusPerNode"] as const) {
    const value = p[field];
    if (hw[field] !== undefined || value === undefined) continue;
    if (written(value)) hw[field] = value;
    else drop(`${field} = ${value}`, "a count the request does not state");
  }
  if (hw.totalGpus === undefined && p.totalGpus !== undefined) {
    const derived =
      hw.nodes !== undefined && hw.gpusPerNode !== undefined
        ? hw.nodes * hw.gpusPerNode
        : undefined;
    if (written(p.totalGpus) || p.totalGpus === derived) hw.totalGpus = p.totalGpus;
    else drop(`totalGpus = ${p.totalGpus}`, "a count the request does not state");
  }
  if (hw.gpuType === undefined && p.gpuType !== undefined) {
    if (text.toLowerCase().includes(p.gpuType.toLowerCase())) hw.gpuType = p.gpuType;
    else drop(`GPU type \`${p.gpuType}\``, "which is not in the request");
  }
  return hw;
}
