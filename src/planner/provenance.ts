import type { Catalog } from "../catalog/index.js";
import type { Intent } from "./intent.js";
import type { ParamValue, Provenance, Stage } from "./plan.js";

/** Keys the model set, per stage id. */
export type ModelKeys = ReadonlyMap<string, ReadonlySet<string>>;

/** Where `needle` is written in one of the requests as a whole token (not inside a longer one). */
function writtenSpan(requests: readonly string[], needle: string): Provenance["span"] {
  if (needle.length === 0) return undefined;
  for (const [request, text] of requests.entries()) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const before = text[at - 1] ?? " ";
      const after = text[at + needle.length] ?? " ";
      const edge = (c: string) => !/[\w/.~:-]/u.test(c) || c === "." || c === ":";
      // A trailing `.`/`:` ends the sentence; a leading one would make a different path.
      if (!/[\w/~-]/u.test(before) && edge(after)) {
        return { request, start: at, end: at + needle.length, text: needle };
      }
    }
  }
  return undefined;
}

function overrideSpan(intent: Intent, key: string): Provenance["span"] {
  const raw = intent.overrides[key];
  if (raw === undefined) return undefined;
  for (const [request, text] of intent.requests.entries()) {
    const at = text.indexOf(key);
    if (at >= 0) {
      const end = Math.min(text.length, text.indexOf(raw, at) + raw.length);
      if (end > at) return { request, start: at, end, text: text.slice(at, end) };
    }
  }
  return undefined;
}

function sameValue(a: unknown, b: ParamValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The source of every value of a stage: `model` for the keys the model set,
 * `user` for a `key=value` override or a string written whole in a request
 * (with its span), `catalog` for a declared default, and `rules` otherwise.
 */
export function stageProvenance(
  stage: Stage,
  intent: Intent,
  catalog: Catalog,
  modelKeys: ReadonlySet<string> = new Set(),
): Record<string, Provenance> {
  const declared = catalog.step(stage.step)?.parameters ?? [];
  const out: Record<string, Provenance> = {};
  for (const [key, value] of Object.entries(stage.params)) {
    if (modelKeys.has(key)) {
      out[key] = { source: "model" };
      continue;
    }
    const span =
      overrideSpan(intent, key) ??
      (typeof value === "string" ? writtenSpan(intent.requests, value) : undefined);
    if (span) out[key] = { source: "user", span };
    else if (declared.some((p) => p.name === key && sameValue(p.default, value)))
      out[key] = { source: "catalog" };
    else out[key] = { source: "rules" };
  }
  return out;
}

/** Every stage with its provenance filled in. */
export function withProvenance<T extends { stages: Stage[] }>(
  plan: T,
  intent: Intent,
  catalog: Catalog,
  modelKeys: ModelKeys = new Map(),
): T {
  return {
    ...plan,
    stages: plan.stages.map((stage) => ({
      ...stage,
      provenance: stageProvenance(stage, intent, catalog, modelKeys.get(stage.id)),
    })),
  };
}

/** Keys of a stage whose value the model chose. */
export function modelSetKeys(stage: Stage): string[] {
  return Object.entries(stage.provenance ?? {})
    .filter(([, p]) => p.source === "model")
    .map(([key]) => key);
}
