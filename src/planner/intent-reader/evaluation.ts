import type { EvalTarget, Goal } from "../intent.js";
import { hitsOf, longestFirst, sameSentence } from "./matcher.js";
import type { ReadContext } from "./scan.js";
import { overrideValue } from "./translation.js";

type Overrides = Readonly<Record<string, string>>;

/** Task ids from an override value: `a,b`, `[a, b]` or `[{name: a}, {name: b}]`. */
export function parseTaskList(value: string): string[] {
  const named = [...value.matchAll(/\bname\s*:\s*['"]?([\w.:-]+)/gu)].map((m) => m[1] ?? "");
  const items = named.length > 0 ? named : value.replace(/[[\]{}'"]/gu, "").split(/[,\s]+/u);
  const joiners = new Set(["and", "or", "&"]);
  return items.map((s) => s.trim()).filter((s) => s.length > 0 && !joiners.has(s.toLowerCase()));
}

/**
 * Whether a served URL is the model under evaluation rather than the translation
 * server: with both goals asked for, the URL belongs to the goal named nearest
 * before it in its sentence ("translate en->th with https://… , then eval"),
 * else nearest after it.
 */
export function urlIsEvalTarget(ctx: ReadContext, url: string, goals: readonly Goal[]): boolean {
  if (!goals.includes("eval")) return false;
  if (!goals.includes("translate")) return true;
  const text = ctx.scan.text;
  const at = ctx.scan.original.indexOf(url);
  if (at < 0) return true;
  const end = at + url.length;
  const hits = ctx.rules.goals
    .filter((g) => g.id === "eval" || g.id === "translate")
    .flatMap((g) => g.cue.hits(text).map((h) => ({ ...h, goal: g.id })));
  const before = hits
    .filter((h) => h.end <= at && sameSentence(text, h.end, at))
    .sort((a, b) => b.end - a.end)[0];
  const after = hits
    .filter((h) => h.start >= end && sameSentence(text, end, h.start))
    .sort((a, b) => a.start - b.start)[0];
  return (before ?? after)?.goal !== "translate";
}

/** Endpoint, hosted model id, task ids and endpoint type of an evaluation request. */
export function readEval(
  ctx: ReadContext,
  goals: readonly Goal[],
  overrides: Overrides,
  urls: readonly string[],
  endpointModelId: string | undefined,
  qualityClaim: boolean,
): EvalTarget {
  const { rules, scan, index } = ctx;
  const keys = rules.raw.eval.overrideKeys;
  const taskKeys = rules.raw.eval.taskOverrideKeys;
  const keyed = [...keys.url, ...keys.modelId, ...keys.type, ...taskKeys].some(
    (k) => k in overrides,
  );
  // A quality claim brings eval bookends, so task names matter then too.
  if (!keyed && !goals.includes("eval") && !qualityClaim) return { tasks: [] };
  const target: EvalTarget = { tasks: [] };
  const url = overrideValue(overrides, keys.url) ?? urls[0];
  if (url) target.endpointUrl = url;
  // Without a URL, a served target is only read where no model is trained or translated here.
  const checkpointWork = goals.some(
    (g) => g === "translate" || rules.raw.route.trainingGoals.includes(g),
  );
  if (url || (!checkpointWork && rules.eval.servedTarget.test(scan.text))) target.served = true;
  const modelId = overrideValue(overrides, keys.modelId) ?? endpointModelId;
  if (modelId) target.modelId = modelId;
  const tasks = new Set<string>();
  for (const key of taskKeys) {
    const value = overrides[key];
    if (value) for (const task of parseTaskList(value)) tasks.add(task);
  }
  for (const re of rules.eval.taskLists) {
    for (const hit of hitsOf(re, scan.text)) {
      const list = hit.groups.list ?? "";
      for (const task of parseTaskList(list)) tasks.add(task);
      // Only the ids: the words before them ("one sample of") may state other values.
      scan.mask(hit.end - list.length, hit.end);
    }
  }
  const cued = index.evalTasks.flatMap((t) =>
    t.cue.hits(scan.text).map((h) => ({ ...h, id: t.id })),
  );
  for (const hit of longestFirst(cued)) tasks.add(hit.id);
  target.tasks = [...tasks];
  const type = overrideValue(overrides, keys.type);
  if (type === "chat" || type === "completions") {
    target.endpointType = type;
  } else {
    // The original text: the endpoint type is often only visible in the URL path.
    const types = rules.eval.endpointTypes.flatMap((e) =>
      e.cue.hits(scan.original).map((h) => ({ ...h, id: e.id })),
    );
    const first = longestFirst(types)[0];
    if (first) target.endpointType = first.id;
  }
  return target;
}
