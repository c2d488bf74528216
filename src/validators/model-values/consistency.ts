import type { Finding } from "../../planner/plan.js";
import { refusal } from "./value.js";

interface StageValues {
  id: string;
  params: Record<string, unknown>;
}

const findingKey = (f: Finding) => `${f.code}\u0000${f.stage ?? ""}\u0000${f.message}`;

/**
 * The model's values taken back where they make a hard check fail. `check`
 * runs over the plan with and without them; every failed check (warning or
 * error) that only the plan with them has withdraws the model's values of
 * that stage (of every stage when the check names none), and says which
 * check and its fix. Returns the keys withdrawn per stage and why.
 */
export function withdrawFailing<D extends { stages: StageValues[] }>(
  withModel: D,
  withoutModel: D,
  modelKeys: ReadonlyMap<string, ReadonlySet<string>>,
  check: (draft: D) => Finding[],
): { withdrawn: Map<string, Set<string>>; findings: Finding[] } {
  const withdrawn = new Map<string, Set<string>>();
  const findings: Finding[] = [];
  if (modelKeys.size === 0) return { withdrawn, findings };
  const before = new Set(check(withoutModel).map(findingKey));
  const introduced = check(withModel).filter(
    (f) => f.level !== "info" && !before.has(findingKey(f)),
  );
  for (const failed of introduced) {
    const stages = failed.stage ? [failed.stage] : [...modelKeys.keys()];
    for (const stage of stages) {
      const keys = modelKeys.get(stage);
      if (!keys || keys.size === 0) continue;
      const taken = withdrawn.get(stage) ?? new Set<string>();
      for (const key of keys) {
        if (taken.has(key)) continue;
        taken.add(key);
        const check = failed.message.replace(/^(?:WARNING|ERROR):\s*/, "");
        findings.push(
          refusal(
            stage,
            key,
            `with it the plan fails a hard check [${failed.code}]: ${check}${failed.fix ? ` (fix: ${failed.fix})` : ""}`,
          ),
        );
      }
      withdrawn.set(stage, taken);
    }
  }
  return { withdrawn, findings };
}
