import type { Goal } from "../intent.js";
import type { Backend } from "./catalog-index.js";
import { type Hit, longestFirst } from "./matcher.js";
import type { IntentRules } from "./rules.js";
import type { ReadContext } from "./scan.js";

export interface GoalFindings {
  /** Goals asked for, in the rules' pipeline order. */
  goals: Goal[];
  /** Goals named after "no", "skip", "instead of" ...: removed, also from earlier turns. */
  negated: Goal[];
}

/** Goals in the order the rules list them (pipeline order). */
export function orderGoals(rules: IntentRules, goals: Iterable<Goal>): Goal[] {
  const wanted = new Set(goals);
  return rules.goals.map((g) => g.id).filter((id) => wanted.has(id));
}

/** Apply the absorb rules: "LoRA" subsumes "fine-tune", MCQ work subsumes corpus translation. */
export function absorbGoals(rules: IntentRules, goals: Iterable<Goal>): Goal[] {
  const set = new Set(goals);
  for (const rule of rules.raw.goalRules.absorb) {
    if (set.has(rule.keep)) for (const drop of rule.drop) set.delete(drop);
  }
  return orderGoals(rules, set);
}

function isNegated(rules: IntentRules, text: string, hit: Hit): boolean {
  return rules.negation.test(text.slice(Math.max(0, hit.start - 40), hit.start));
}

/**
 * Goal cues compete for text: the longest match wins ("SFT packing" is data
 * prep, not SFT; "eval set" is a benchmark, not an evaluation).
 */
export function readGoals(ctx: ReadContext, explicitSteps: readonly string[]): GoalFindings {
  const { rules, scan, index } = ctx;
  const text = scan.text;
  const hits = rules.goals.flatMap((g) => g.cue.hits(text).map((h) => ({ ...h, goal: g.id })));
  const found = new Set<Goal>();
  const negated = new Set<Goal>();
  const kept = longestFirst(hits);
  for (const hit of kept) {
    (isNegated(rules, text, hit) ? negated : found).add(hit.goal);
  }
  // Vague cues count only where no goal cue matched and no goal of the family was named.
  for (const fallback of rules.fallbacks) {
    if (fallback.unless.some((g) => found.has(g) || negated.has(g))) continue;
    const free = fallback.cue
      .hits(text)
      .filter((h) => !kept.some((k) => h.start < k.end && k.start < h.end));
    if (free.length === 0) continue;
    (free.every((h) => isNegated(rules, text, h)) ? negated : found).add(fallback.goal);
  }
  for (const id of explicitSteps) {
    const goal = index.stepGoal.get(id);
    if (goal) found.add(goal);
  }
  for (const goal of negated) found.delete(goal);
  return { goals: absorbGoals(rules, found), negated: orderGoals(rules, negated) };
}

/** The backend named first, if any. */
export function readBackend(ctx: ReadContext): Backend | undefined {
  const { rules, scan } = ctx;
  const hits = rules.backends.flatMap((b) =>
    b.cue.hits(scan.text).map((h) => ({ ...h, id: b.id })),
  );
  const kept = longestFirst(hits).filter((h) => !isNegated(rules, scan.text, h));
  return kept[0]?.id;
}

/** LoRA asked for (true), full fine-tuning asked for (false), or unsaid. */
export function readLora(ctx: ReadContext, goals: readonly Goal[]): boolean | undefined {
  const { rules, scan } = ctx;
  const applies = rules.raw.lora.appliesToGoals;
  if (goals.length > 0 && !goals.some((g) => applies.includes(g))) return undefined;
  const off = rules.loraOff.hits(scan.text);
  const on = rules.loraOn
    .hits(scan.text)
    .filter((h) => !isNegated(rules, scan.text, h))
    .filter((h) => !off.some((o) => h.start < o.end && o.start < h.end));
  // "Full SFT or LoRA?" names both: the choice is open.
  if (off.length > 0) return on.length > 0 ? undefined : false;
  return on.length > 0 ? true : undefined;
}
