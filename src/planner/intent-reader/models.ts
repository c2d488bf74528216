import type { ModelRef } from "../intent.js";
import { hitsOf, longestFirst } from "./matcher.js";
import type { InputPath } from "./paths.js";
import type { ReadContext } from "./scan.js";

export interface ModelFindings {
  model: ModelRef | undefined;
  unsupportedModels: string[];
}

interface Candidate {
  start: number;
  name: string;
  alias?: string;
  inCatalog: boolean;
}

/** Step ids written literally (`sft/automodel`, or a unique name such as `sft_packing`). */
export function readExplicitSteps(ctx: ReadContext): string[] {
  const { index, scan } = ctx;
  if (!index.stepIds) return [];
  const ids: string[] = [];
  for (const hit of hitsOf(index.stepIds, scan.text)) {
    const id = index.stepByText.get(hit.text.toLowerCase());
    if (id && !ids.includes(id)) ids.push(id);
    scan.mask(hit.start, hit.end);
  }
  return ids;
}

/** The hosted model id of an endpoint being evaluated ("model foo/bar"), when a URL was given. */
export function readEndpointModelId(ctx: ReadContext, urls: readonly string[]): string | undefined {
  if (urls.length === 0) return undefined;
  for (const re of ctx.rules.eval.modelIds) {
    const hit = hitsOf(re, ctx.scan.text)[0];
    if (hit?.groups.id) {
      ctx.scan.mask(hit.start, hit.end);
      return hit.groups.id;
    }
  }
  return undefined;
}

function catalogCandidates(ctx: ReadContext): Candidate[] {
  const { index, rules, scan } = ctx;
  const hits = [
    ...(index.models ? hitsOf(index.models, scan.text) : []).map((h) => ({
      ...h,
      alias: undefined,
    })),
    ...rules.models.aliases.flatMap((a) =>
      a.cue.hits(scan.text).map((h) => ({ ...h, alias: a.alias })),
    ),
  ];
  return longestFirst(hits).map((hit) => {
    scan.mask(hit.start, hit.end);
    if (hit.alias === undefined) {
      const name = index.modelByText.get(hit.text.toLowerCase()) ?? hit.text;
      return { start: hit.start, name, inCatalog: true };
    }
    const target = index.aliasTarget.get(hit.alias);
    return {
      start: hit.start,
      name: target ?? hit.alias,
      alias: hit.alias,
      inCatalog: target !== undefined,
    };
  });
}

/** `org/name` ids: kept verbatim, in the catalog only when a step lists them. */
function hfCandidates(ctx: ReadContext): Candidate[] {
  const { index, rules, scan } = ctx;
  const found: Candidate[] = [];
  for (const hit of hitsOf(rules.models.hfId, scan.text)) {
    const org = hit.groups.org ?? "";
    const name = hit.groups.name ?? "";
    if (!rules.models.knownOrgs.has(org.toLowerCase()) && !rules.models.hfNameHint.test(name))
      continue;
    scan.mask(hit.start, hit.end);
    const listed = index.modelByText.get(hit.text.toLowerCase());
    found.push({ start: hit.start, name: listed ?? hit.text, inCatalog: listed !== undefined });
  }
  return found;
}

function overrideCandidate(
  ctx: ReadContext,
  overrides: Readonly<Record<string, string>>,
): Candidate | undefined {
  for (const key of ctx.rules.raw.models.overrideKeys) {
    const value = overrides[key];
    if (!value) continue;
    const listed = ctx.index.modelByText.get(value.toLowerCase());
    return { start: -1, name: listed ?? value, inCatalog: listed !== undefined };
  }
  return undefined;
}

/**
 * The base model: a catalog name or alias, an HF id, or a `model=` override.
 * Model-looking names that match none of these are reported as unsupported.
 */
export function readModels(
  ctx: ReadContext,
  overrides: Readonly<Record<string, string>>,
): ModelFindings {
  const { rules, scan } = ctx;
  const megatron = rules.models.megatronFormat.test(scan.text);
  const named = [...catalogCandidates(ctx), ...hfCandidates(ctx)].sort((a, b) => a.start - b.start);
  const unknown = longestFirst(rules.models.unknown.hits(scan.text));
  scan.maskAll(unknown);
  const unsupported = [
    ...named.filter((c) => !c.inCatalog && c.alias !== undefined).map((c) => c.name),
    ...unknown.map((h) => h.text),
  ];
  const chosen = overrideCandidate(ctx, overrides) ?? named[0];
  const resolvable = chosen && (chosen.inCatalog || chosen.alias === undefined);
  let model: ModelRef | undefined;
  if (chosen) {
    model = {
      name: chosen.name,
      ...(chosen.alias ? { alias: chosen.alias } : {}),
      format: resolvable ? (megatron ? "megatron" : "hf") : "unknown",
      inCatalog: chosen.inCatalog,
    };
  } else if (unknown[0]) {
    model = { name: unknown[0].text, format: "unknown", inCatalog: false };
  }
  return { model, unsupportedModels: [...new Set(unsupported)] };
}

/**
 * With no model named, a base checkpoint path the user gave is the model
 * (its name is the path exactly as written, its format the checkpoint's).
 */
export function withCheckpointModel(
  ctx: ReadContext,
  named: ModelFindings,
  inputs: readonly InputPath[],
): ModelFindings {
  if (named.model || named.unsupportedModels.length > 0) return named;
  const formats = ctx.rules.raw.route.modelArtifacts;
  const formatOf = (type: string | undefined) =>
    type === formats.hf ? "hf" : type === formats.megatron ? "megatron" : undefined;
  const base = inputs.find((i) => formatOf(i.checkpoint) && !i.trained && !i.auxiliary);
  const format = formatOf(base?.checkpoint);
  if (!base || !format) return named;
  return { model: { name: base.text, format, inCatalog: false }, unsupportedModels: [] };
}
