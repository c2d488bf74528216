import type { Finding, PlanDraft } from "../../planner/plan.js";
import {
  conflictBlock,
  introducedFailures,
  withdrawFailing,
} from "../../validators/model-values/index.js";

export interface Rechecked {
  draft: PlanDraft;
  modelKeys: Map<string, Set<string>>;
  findings: Finding[];
}

const copyKeys = (keys: ReadonlyMap<string, ReadonlySet<string>>) =>
  new Map([...keys].map(([stage, set]) => [stage, new Set(set)]));

/** The draft with `withdrawn` keys back at the rules' value (or unset when the rules set none). */
function withdraw(
  draft: PlanDraft,
  composed: PlanDraft,
  withdrawn: ReadonlyMap<string, ReadonlySet<string>>,
): PlanDraft {
  const stages = draft.stages.map((stage) => {
    const keys = withdrawn.get(stage.id);
    if (!keys) return stage;
    const original = composed.stages.find((s) => s.id === stage.id)?.params ?? {};
    const params = Object.fromEntries(
      Object.entries(stage.params).filter(([key]) => !keys.has(key)),
    );
    for (const key of keys) {
      const value = original[key];
      if (value !== undefined) params[key] = value;
    }
    return { ...stage, params };
  });
  return { ...draft, stages };
}

/**
 * Run the plan's hard checks again with the model's values in place. A value
 * in a stage whose check fails is withdrawn, with a finding naming the check
 * and its fix, when that leaves a plan the checks pass as well as the rules'
 * own. A failure that still remains (its cause is a value in another stage)
 * blocks approval: an error with the check's fix and a question per model
 * value left, so no failing model value is ever approved or written.
 */
export function recheckModelValues(
  draft: PlanDraft,
  composed: PlanDraft,
  modelKeys: ReadonlyMap<string, ReadonlySet<string>>,
  check: (draft: PlanDraft) => Finding[],
): Rechecked {
  if (modelKeys.size === 0) return { draft, modelKeys: copyKeys(modelKeys), findings: [] };
  const taken = withdrawFailing(draft, composed, modelKeys, check);
  const kept = taken.withdrawn.size === 0 ? draft : withdraw(draft, composed, taken.withdrawn);
  const left = new Map<string, Set<string>>();
  for (const [stage, keys] of modelKeys) {
    const still = [...keys].filter((k) => !taken.withdrawn.get(stage)?.has(k));
    if (still.length > 0) left.set(stage, new Set(still));
  }
  const remaining = introducedFailures(kept, composed, check);
  if (remaining.length === 0 || left.size === 0) {
    return { draft: kept, modelKeys: left, findings: taken.findings };
  }
  const block = conflictBlock(kept, remaining, left);
  const asked = new Set(kept.requiredInputs.map((r) => `${r.stage ?? ""}\u0000${r.key}`));
  const requiredInputs = [
    ...kept.requiredInputs,
    ...block.requiredInputs.filter((r) => !asked.has(`${r.stage ?? ""}\u0000${r.key}`)),
  ];
  return {
    draft: { ...kept, requiredInputs },
    modelKeys: left,
    findings: [...taken.findings, ...block.findings],
  };
}
