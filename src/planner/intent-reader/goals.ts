import type { Goal } from "../intent.js";
import type { Backend } from "./catalog-index.js";
import { type Hit, hitsOf, longestFirst, sentenceAround } from "./matcher.js";
import type { IntentRules } from "./rules.js";
import type { ReadContext } from "./scan.js";

export interface GoalFindings {
  /** Goals asked for, in the rules' pipeline order. */
  goals: Goal[];
  /** Goals named after "no", "skip", "instead of" ...: removed, also from earlier turns. */
  negated: Goal[];
  /** Goals the user reports as done ("SFT is done"): not planned; their output is an input. */
  completed: Goal[];
  /** Goals put off ("we'll do the RL later"): not planned now, and removed from earlier turns. */
  deferred: Goal[];
  /** Goals read from a vague word ("RL"), which stands for any goal of its group. */
  vague: Goal[];
  /** Parts of a goal the user turns off ("no language filter"), as written. */
  declinedParts: string[];
  /** Where work reported as done is named: words in its sentence tell how it was done. */
  completedAt: Hit[];
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

/** "SFT is done", "already packed", "our SFT'd checkpoint", "the finished RL run". */
/** `original` is the request before names were blanked out: a lineage names its model. */
function isCompleted(rules: IntentRules, text: string, hit: Hit, original: string): boolean {
  const done = rules.completed;
  const after = text.slice(hit.end, hit.end + 60);
  // Wide enough for a verb that makes the thing ("add a profile for <step> in our env.toml").
  const before = text.slice(Math.max(0, hit.start - 100), hit.start);
  // "SFT'd", "fine-tuned": a participle describes a model, unless it is followed by how to do it.
  const word = /^(?:'d|’d|ed|d)\b/u.exec(after);
  const rest = word ? after.slice(word[0].length) : after;
  const participle = done.participle.test(text.slice(hit.start, hit.end) + (word?.[0] ?? ""));
  // As written, with model names in place: "an SFT'd nano3 in Megatron format" describes a model.
  const spoken = original.slice(hit.end + (word?.[0].length ?? 0), hit.end + 60);
  const clauseBefore = before.split(/[.;!?,:]/u).at(-1) ?? "";
  // "our SFT Megatron checkpoint": a goal word naming what an artifact the user owns went through.
  const owned = done.owner.test(before) && done.artifact.test(rest);
  const named = original.slice(Math.max(0, hit.start - 40), hit.start);
  const lineage = done.lineage.before.test(named) && done.lineage.after.test(rest);
  return (
    done.after.test(after) ||
    done.before.test(before) ||
    owned ||
    lineage ||
    (participle &&
      !done.wanted.test(clauseBefore) &&
      (!done.noun.test(spoken) || done.subject.test(before)))
  );
}

/** The clause a hit stands in: between clause punctuation, up to a purpose or reason clause. */
function clauseOf(rules: IntentRules, text: string, hit: Hit): string {
  // A clause is short: look a bounded distance either way, so long input stays linear.
  const before =
    text
      .slice(Math.max(0, hit.start - 200), hit.start)
      .split(/[.;!?,:]/u)
      .at(-1) ?? "";
  const rest = text.slice(hit.end, hit.end + 200).split(/[.;!?,:]/u)[0] ?? "";
  const cut = rules.clauseBreak.exec(rest);
  const after = cut ? rest.slice(0, cut.index) : rest;
  return before + text.slice(hit.start, hit.end) + after;
}

/** Between two choices of a list: ", ", " or ", ", or ", " / ", " vs ". */
const CHOICE_GAP = /^\s*(?:,\s*(?:or\s+)?|or\s+|\/\s*|vs\.?\s+|versus\s+)$/iu;

/** Goal hits listed as the choices of a question ("DPO, RLVR or RLHF?"). */
function offeredHits<T extends Hit>(text: string, hits: readonly T[]): Set<T> {
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  const offered = new Set<T>();
  let run: T[] = [];
  const close = () => {
    const last = run.at(-1);
    const rest = last ? (text.slice(last.end, last.end + 200).split(/[.!]/u)[0] ?? "") : "";
    if (run.length >= 2 && rest.includes("?")) for (const h of run) offered.add(h);
    run = [];
  };
  for (const hit of sorted) {
    const prev = run.at(-1);
    if (prev && !CHOICE_GAP.test(` ${text.slice(prev.end, hit.start)}`)) close();
    run.push(hit);
  }
  close();
  return offered;
}

/** `stale`: reported done but unusable, so neither done nor asked for (its inputs are made again). */
type Judged = "negated" | "completed" | "deferred" | "stale" | "found";
function judge(rules: IntentRules, text: string, hit: Hit, original: string): Judged {
  if (isNegated(rules, text, hit)) return "negated";
  // "Our old packed shards won't cut it": done work the user cannot use leaves nothing to use.
  if (isCompleted(rules, text, hit, original)) {
    return rules.data.unusable.test(sentenceAround(text, hit)) ? "stale" : "completed";
  }
  // The sentence up to the hit, looked for a bounded distance back so long input stays linear.
  const from = Math.max(0, hit.start - 200);
  const parts = text.slice(from, hit.start).split(/[.;!?]/u);
  const opening = parts.length > 1 || from === 0 ? (parts.at(-1) ?? "") : "";
  if (rules.deferredBefore.test(opening)) return "deferred";
  return rules.deferred.test(clauseOf(rules, text, hit)) ? "deferred" : "found";
}

/**
 * Goal cues compete for text: the longest match wins ("SFT packing" is data
 * prep, not SFT; "eval set" is a benchmark, not an evaluation).
 */
export function readGoals(
  ctx: ReadContext,
  explicitSteps: readonly string[],
  servedUrl: boolean,
): GoalFindings {
  const { rules, scan, index } = ctx;
  const text = scan.text;
  const hits = rules.goals.flatMap((g) => [
    ...(servedUrl ? (g.served?.hits(text) ?? []) : []).map((h) => ({
      ...h,
      goal: g.id,
      part: false,
    })),
    ...g.cue.hits(text).map((h) => ({ ...h, goal: g.id, part: false })),
    ...(g.parts?.hits(text) ?? []).map((h) => ({ ...h, goal: g.id, part: true })),
  ]);
  const sets: Record<Judged, Set<Goal>> = {
    found: new Set<Goal>(),
    negated: new Set<Goal>(),
    completed: new Set<Goal>(),
    deferred: new Set<Goal>(),
    stale: new Set<Goal>(),
  };
  const kept = longestFirst(hits);
  const offered = offeredHits(text, kept);
  const said = new Set<Goal>();
  const describing = new Set<Goal>();
  const declinedParts: string[] = [];
  const completedAt: Hit[] = [];
  for (const hit of kept) {
    const verdict = judge(rules, text, hit, scan.original);
    if (verdict === "completed") completedAt.push(hit);
    // "No language filter" sets up the curation; it does not decline it.
    const clause =
      text
        .slice(Math.max(0, hit.start - 120), hit.start)
        .split(/[.;!?]/u)
        .at(-1) ?? "";
    const negation = rules.partNegation.exec(clause);
    if (hit.part && (verdict === "negated" || negation)) {
      // From the negation on, so coordinated parts count too ("no domain or language filters").
      declinedParts.push(`${negation ? clause.slice(negation.index) : ""}${hit.text}`);
      continue;
    }
    if (verdict === "found" && rules.describesData.test(text.slice(hit.end, hit.end + 40))) {
      describing.add(hit.goal);
      continue;
    }
    if (verdict === "found" && !offered.has(hit)) said.add(hit.goal);
    sets[verdict].add(hit.goal);
  }
  // "DPO, RLVR or RLHF?": goals offered as choices are options; what else the request
  // says ("answers we can check programmatically") picks among them when it points at one.
  const options = new Set([...offered].map((h) => h.goal));
  const picked = [...options].filter((g) => said.has(g));
  if (options.size >= 2 && picked.length > 0) {
    for (const goal of options) if (!picked.includes(goal)) sets.found.delete(goal);
  }
  // "Generate two thousand DPO preference rows": the goal word names data for another goal.
  if (sets.found.size === 0) for (const goal of describing) sets.found.add(goal);
  // A goal put off is named too: "so GRPO can read it later" makes a bare "RL" that same later work.
  const named = (g: Goal) =>
    sets.found.has(g) || sets.negated.has(g) || sets.completed.has(g) || sets.deferred.has(g);
  // Vague cues count only where no goal cue matched and no goal of the family was named.
  const vague = new Set<Goal>();
  for (const fallback of rules.fallbacks) {
    if (fallback.unless.some(named)) continue;
    const free = fallback.cue
      .hits(text)
      .filter((h) => !kept.some((k) => h.start < k.end && k.start < h.end));
    if (free.length === 0) continue;
    const judged = free.map((h) => judge(rules, text, h, scan.original));
    const verdict = judged.includes("found") ? "found" : (judged[0] ?? "found");
    sets[verdict].add(fallback.goal);
    vague.add(fallback.goal);
  }
  for (const id of explicitSteps) {
    const goal = index.stepGoal.get(id);
    if (goal) sets.found.add(goal);
  }
  // A goal both reported done and asked for again ("SFT is done; now SFT on the new data") stays.
  for (const goal of sets.negated) sets.found.delete(goal);
  for (const goal of sets.found) sets.completed.delete(goal);
  return {
    goals: absorbGoals(rules, sets.found),
    negated: orderGoals(rules, sets.negated),
    completed: orderGoals(rules, sets.completed),
    deferred: orderGoals(rules, sets.deferred),
    vague: [...vague],
    declinedParts,
    completedAt,
  };
}

/**
 * The backend named first, if any, except one named in the sentence of work reported
 * as done ("last week I SFT'd Llama with AutoModel; now DPO it"): that tells how it was done.
 */
export function readBackend(
  ctx: ReadContext,
  completedAt: readonly Hit[] = [],
): Backend | undefined {
  const { rules, scan } = ctx;
  const text = scan.text;
  const hits = rules.backends.flatMap((b) => b.cue.hits(text).map((h) => ({ ...h, id: b.id })));
  const sameSentence = (a: Hit, b: Hit) => {
    const [first, last] = a.start < b.start ? [a, b] : [b, a];
    return !/[.;!?]/u.test(text.slice(first.end, last.start));
  };
  const kept = longestFirst(hits)
    .filter((h) => !isNegated(rules, text, h))
    .filter((h) => !completedAt.some((done) => sameSentence(done, h)));
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

/**
 * End products asked for ("we need an HF checkpoint at the end", "one standalone HF
 * model folder for serving"): an artifact word with a word that asks for it in its
 * sentence (before it, or "at the end" / "for serving" after it), unless the words
 * right before it say the user has it ("our HF checkpoint", "we have an HF model").
 */
export function readDeliverables(ctx: ReadContext): string[] {
  const { rules, scan } = ctx;
  const d = rules.deliverables;
  const text = scan.text;
  const found = new Set<string>();
  for (const artifact of d.artifacts) {
    for (const hit of artifact.cue.hits(text)) {
      const before =
        text
          .slice(Math.max(0, hit.start - d.reach), hit.start)
          .split(/[.;!?]/u)
          .at(-1) ?? "";
      const after = text.slice(hit.end, hit.end + d.reach).split(/[.;!?]/u)[0] ?? "";
      if (hitsOf(d.owned, before).length > 0) continue;
      if (hitsOf(d.wants, `${before}\u0000${after}`).length > 0) found.add(artifact.type);
    }
  }
  return [...found];
}
