import type { Finding, PlanDraft } from "../../planner/plan.js";
import { withdrawFailing } from "../../validators/model-values/index.js";

export interface Rechecked {
  draft: PlanDraft;
  modelKeys: Map<string, Set<string>>;
  findings: Finding[];
}

/**
 * Run the plan's hard checks again with the model's values in place; every
 * value that makes one fail is withdrawn (the rules' value, or none, comes
 * back) and a finding says which check failed and its fix.
 */
export function recheckModelValues(
  draft: PlanDraft,
  composed: PlanDraft,
  modelKeys: ReadonlyMap<string, ReadonlySet<string>>,
  check: (draft: PlanDraft) => Finding[],
): Rechecked {
  const taken = withdrawFailing(draft, composed, modelKeys, check);
  if (taken.withdrawn.size === 0) {
    return {
      draft,
      modelKeys: new Map([...modelKeys].map(([s, k]) => [s, new Set(k)])),
      findings: [],
    };
  }
  const stages = draft.stages.map((stage) => {
    const keys = taken.withdrawn.get(stage.id);
    if (!keys) return stage;
    const original = composed.stages.find((s) => s.id === stage.id)?.params ?? {};
    const params = Object.fromEntries(
      Object.entries(stage.params).filter(
        ([key]) => !keys.has(key) || Object.hasOwn(original, key),
      ),
    );
    return { ...stage, params };
  });
  const left = new Map<string, Set<string>>();
  for (const [stage, keys] of modelKeys) {
    const kept = [...keys].filter((k) => !taken.withdrawn.get(stage)?.has(k));
    if (kept.length > 0) left.set(stage, new Set(kept));
  }
  return { draft: { ...draft, stages }, modelKeys: left, findings: taken.findings };
}
