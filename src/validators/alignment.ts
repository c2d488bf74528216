import type { PlanContext } from "../planner/context.js";
import type { Finding, PlanDraft, Stage } from "../planner/plan.js";
import { familyOf, type PlanningRules, stepRuleOf } from "../planner/rules/index.js";
import { asConcrete, asNumber, effectiveValue } from "../planner/stage-config.js";
import { warning } from "./finding.js";

/** Prepared data the user brings, built at a length they stated, against the length a stage trains at. */
function againstUserData(
  train: Stage,
  type: string,
  built: number,
  ctx: PlanContext,
  rules: PlanningRules,
): Finding[] {
  const keys = stepRuleOf(rules, train.step).keys.seqLength;
  const trainsAt = keys
    .map((k) => ({ key: k, n: asNumber(effectiveValue(ctx.catalog, train, k)) }))
    .filter((l): l is { key: string; n: number } => l.n !== undefined && l.n !== built);
  const first = trainsAt[0];
  if (!first) return [];
  return [
    warning(
      "alignment",
      `the ${type} you have was built with ${rules.alignment.statedLengthKey} ${built}, but ${train.id} trains at ${trainsAt.map((l) => `${l.key}=${l.n}`).join(", ")}.`,
      `Repack the data at ${first.n} before ${train.id}, or train at ${built}.`,
      train.id,
    ),
  ];
}

/**
 * Prepared data is locked to its tokenizer, chat template and sequence
 * length: across every tokenizer-locked edge (prep -> train) they must agree.
 */
export function checkAlignment(
  draft: PlanDraft,
  ctx: PlanContext,
  rules: PlanningRules,
): Finding[] {
  const locked = new Set(rules.alignment.lockedTypes);
  const byId = new Map(draft.stages.map((s) => [s.id, s]));
  const findings: Finding[] = [];
  // A Megatron checkpoint path names no tokenizer or template to compare with.
  const judgeModel = ctx.intent.model?.format !== "megatron";
  const built = asNumber(ctx.intent.overrides[rules.alignment.statedLengthKey]);
  for (const train of draft.stages) {
    for (const input of train.consumes) {
      if (input.from === "user" && locked.has(input.type) && built !== undefined) {
        findings.push(...againstUserData(train, input.type, built, ctx, rules));
      }
      const prep = byId.get(input.from);
      if (!prep || !locked.has(input.type)) continue;
      const value = (stage: Stage, key: string) => effectiveValue(ctx.catalog, stage, key);
      const prepKeys = stepRuleOf(rules, prep.step).keys;
      const trainKeys = stepRuleOf(rules, train.step).keys;
      const lengths = [
        ...prepKeys.seqLength.map((k) => ({ stage: prep, key: k })),
        ...trainKeys.seqLength.map((k) => ({ stage: train, key: k })),
      ].flatMap(({ stage, key }) => {
        const n = asNumber(value(stage, key));
        return n === undefined ? [] : [{ label: `${stage.id} ${key}=${n}`, n, stage, key }];
      });
      if (new Set(lengths.map((l) => l.n)).size > 1) {
        const target = lengths.find((l) => l.stage === train)?.n ?? lengths[0]?.n;
        findings.push(
          warning(
            "alignment",
            `sequence length differs across ${prep.id} -> ${train.id}: ${lengths.map((l) => l.label).join(", ")}.`,
            `Set all of ${lengths.map((l) => `${l.stage.id} ${l.key}`).join(", ")} to ${target}, and repack.`,
            train.id,
          ),
        );
      }
      const trained = !judgeModel
        ? undefined
        : (train.model ??
          (trainKeys.model ? asConcrete(value(train, trainKeys.model)) : undefined));
      for (const key of prepKeys.tokenizer) {
        const tokenizer = asConcrete(value(prep, key));
        if (!trained || !tokenizer || tokenizer === trained) continue;
        findings.push(
          warning(
            "alignment",
            `${prep.id} tokenizes with ${tokenizer}, but ${train.id} trains ${trained}.`,
            `Set ${prep.id} ${key}=${trained} and rebuild the prepared data.`,
            prep.id,
          ),
        );
      }
      const templateKey = prepKeys.chatTemplate;
      const template = templateKey ? asConcrete(value(prep, templateKey)) : undefined;
      const family = familyOf(rules, trained, undefined);
      const owner = rules.modelFamilies.find((f) => f.chatTemplate === template);
      const expected = family?.chatTemplate;
      // A declared template must match; a non-recipe model must not get a recipe family's template.
      const foreign = owner !== undefined && owner !== family && !(family?.recipe ?? false);
      const wrong = expected ? template !== expected : foreign;
      if (templateKey && template && trained && wrong) {
        findings.push(
          warning(
            "alignment",
            `${prep.id} applies the ${template} chat template, which does not belong to ${trained}.`,
            expected
              ? `Set ${prep.id} ${templateKey}=${expected} and repack.`
              : `Set ${prep.id} ${templateKey} to the template (or template path) of ${trained} and repack.`,
            prep.id,
          ),
        );
      }
    }
  }
  return findings;
}
