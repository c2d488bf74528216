import type { Finding, ParamValue, RequiredInput } from "../../planner/plan.js";
import { refusal, shown } from "./value.js";

interface StageValues {
  id: string;
  params: Record<string, ParamValue>;
}

const findingKey = (f: Finding) => `${f.code}\u0000${f.stage ?? ""}\u0000${f.message}`;
const checkText = (f: Finding) => f.message.replace(/^(?:WARNING|ERROR):\s*/, "");

/**
 * Failed checks (warnings and errors) of the plan with the model's values
 * that the plan without them does not have: the ones the values brought in.
 */
export function introducedFailures<D>(
  withModel: D,
  withoutModel: D,
  check: (draft: D) => Finding[],
): Finding[] {
  const before = new Set(check(withoutModel).map(findingKey));
  return check(withModel).filter((f) => f.level !== "info" && !before.has(findingKey(f)));
}

/**
 * The model's values to take back where they make a hard check fail: every
 * failed check only the plan with them has withdraws the model's values of
 * the stage it names (of every stage when it names none), saying which check
 * and its fix. Returns the keys withdrawn per stage and why.
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
  for (const failed of introducedFailures(withModel, withoutModel, check)) {
    const stages = failed.stage ? [failed.stage] : [...modelKeys.keys()];
    for (const stage of stages) {
      const keys = modelKeys.get(stage);
      if (!keys || keys.size === 0) continue;
      const taken = withdrawn.get(stage) ?? new Set<string>();
      for (const key of keys) {
        if (taken.has(key)) continue;
        taken.add(key);
        findings.push(
          refusal(
            stage,
            key,
            `with it the plan fails a hard check [${failed.code}]: ${checkText(failed)}${failed.fix ? ` (fix: ${failed.fix})` : ""}`,
          ),
        );
      }
      withdrawn.set(stage, taken);
    }
  }
  return { withdrawn, findings };
}

/**
 * What stops approval when a check the model's values brought in still fails
 * after the values it names were withdrawn (the cause sits in another stage):
 * one error per failed check, with the check's fix, and one question per
 * model value still in the plan, so the person settles it before anything is
 * approved or written.
 */
export function conflictBlock<D extends { stages: StageValues[] }>(
  draft: D,
  failures: readonly Finding[],
  modelKeys: ReadonlyMap<string, ReadonlySet<string>>,
): { findings: Finding[]; requiredInputs: RequiredInput[] } {
  const held = [...modelKeys].flatMap(([stage, keys]) => [...keys].map((key) => ({ stage, key })));
  const setting = (stage: string, key: string) =>
    `${shown(key)} = ${shown(String(draft.stages.find((s) => s.id === stage)?.params[key]))}`;
  const listed = held
    .map(({ stage, key }) => `${setting(stage, key)} in ${shown(stage)}`)
    .join(", ");
  const findings = failures.map(
    (failed): Finding => ({
      level: "error",
      code: "llm_value_conflict",
      message: `the plan with the model's values${listed ? ` (${listed})` : ""} fails a hard check [${failed.code}]: ${checkText(failed)} Approval waits until this is settled.`,
      fix: failed.fix
        ? `${failed.fix} Or answer with the values to use, or revise the plan.`
        : "Answer with the values to use, or revise the plan.",
      ...(failed.stage ? { stage: failed.stage } : {}),
    }),
  );
  const checks = failures.map((f) => `[${f.code}]`).join(", ");
  const requiredInputs = held.map(
    ({ stage, key }): RequiredInput => ({
      key,
      stage,
      question: `the model proposed ${setting(stage, key)}, and the plan with the model's values fails ${checks} (see Validation): give the value to use, or revise the plan`,
    }),
  );
  return { findings, requiredInputs };
}
