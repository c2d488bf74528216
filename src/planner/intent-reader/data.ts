import type { Data, Goal } from "../intent.js";
import type { Cue } from "./matcher.js";
import { longestFirst } from "./matcher.js";
import { normalizeKey } from "./rules.js";
import type { ReadContext } from "./scan.js";

interface Labelled<T> {
  id: T;
  cue: Cue;
  extensions: string[];
}

/** The first option (in rules order) whose cue appears or whose extension ends a path. */
function firstLabel<T>(options: readonly Labelled<T>[], text: string, paths: readonly string[]) {
  return options.find(
    (o) =>
      o.cue.test(text) ||
      o.extensions.some((ext) => paths.some((p) => p.toLowerCase().endsWith(ext.toLowerCase()))),
  )?.id;
}

/** ISO codes of the languages named in the (remaining) text, in order of mention. */
export function readLanguages(ctx: ReadContext): string[] {
  const codes: string[] = [];
  for (const hit of ctx.rules.languageNames.hits(ctx.scan.text)) {
    const code = ctx.rules.languageByName.get(normalizeKey(hit.text));
    if (code && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

/**
 * When the user points at their own JSONL without saying what it is, assume it
 * is what the first JSONL-consuming goal reads (raw for curation, filtered for
 * translation, training JSONL for fine-tuning).
 */
function assumedJsonl(ctx: ReadContext, goals: readonly Goal[]): string | undefined {
  for (const goal of goals) {
    for (const step of ctx.index.goalSteps.get(goal) ?? []) {
      const port = step.consumes.find((c) => c.required && ctx.index.isJsonl(c.type));
      if (port) return port.type;
    }
  }
  return undefined;
}

export function readData(
  ctx: ReadContext,
  paths: readonly string[],
  goals: readonly Goal[],
  languages: readonly string[],
): Data {
  const { rules, scan, catalog, index } = ctx;
  const text = scan.text;
  const format = firstLabel(rules.data.formats, text, paths);
  const kind = firstLabel(rules.data.kinds, text, paths);
  const hits = rules.data.has.flatMap((h) =>
    h.cue.hits(text).map((hit) => ({ ...hit, type: h.type })),
  );
  const has = new Set(
    longestFirst(hits)
      .map((h) => h.type)
      .filter((t) => catalog.artifacts.has(t)),
  );
  const mentionsData =
    paths.length > 0 || rules.data.mention.test(text) || format === "jsonl" || kind !== undefined;
  if (mentionsData && ![...has].some((t) => index.isJsonl(t))) {
    const assumed = assumedJsonl(ctx, goals);
    if (assumed && (format === undefined || format === "jsonl")) has.add(assumed);
  }
  const data: Data = { paths: [...paths], languages: [...languages], has: [...has] };
  if (format) data.format = format;
  if (kind) data.kind = kind;
  return data;
}
