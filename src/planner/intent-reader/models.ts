import type { ModelRef } from "../intent.js";
import { hitsOf, longestFirst } from "./matcher.js";
import type { ReadContext } from "./scan.js";

export interface ModelFindings {
  model: ModelRef | undefined;
  unsupportedModels: string[];
  /** A second model named as the student ("distill X into Y", "Y (student)"): an input of its own. */
  student?: string;
}

/**
 * The part each named model plays, from the words around it: "Qwen3-8B (teacher)",
 * "student: Qwen3-4B", "the 8B as the teacher", "distill X into Y".
 */
function rolesOf(ctx: ReadContext, named: readonly Candidate[]): Map<string, Candidate> {
  const { roleAfter, roleBefore, intoStudent } = ctx.rules.models;
  const text = ctx.scan.original;
  const roles = new Map<string, Candidate>();
  for (const c of named) {
    if (c.end < 0) continue;
    const before = text.slice(Math.max(0, c.start - 40), c.start);
    const role =
      roleAfter.exec(text.slice(c.end, c.end + 30))?.groups?.role ??
      roleBefore.exec(before)?.groups?.role ??
      (intoStudent.test(before) ? "student" : undefined);
    if (role && !roles.has(role.toLowerCase())) roles.set(role.toLowerCase(), c);
  }
  return roles;
}

interface Candidate {
  start: number;
  /** Where the name ends in the text (-1 when it came from an override). */
  end: number;
  name: string;
  alias?: string;
  inCatalog: boolean;
}

/** Step ids written literally (`sft/automodel`, or a unique name such as `sft_packing`). */
export function readExplicitSteps(ctx: ReadContext): string[] {
  const { index, scan } = ctx;
  if (!index.stepIds) return [];
  const ids: string[] = [];
  const provenance = ctx.rules.completed.before;
  for (const hit of hitsOf(index.stepIds, scan.text)) {
    const id = index.stepByText.get(hit.text.toLowerCase());
    // "trained with peft/automodel" says where an input came from, not what to run.
    const earlier = provenance.test(scan.text.slice(Math.max(0, hit.start - 40), hit.start));
    if (id && !earlier && !ids.includes(id)) ids.push(id);
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
      return { start: withOrgWord(scan, hit.start, name), end: hit.end, name, inCatalog: true };
    }
    const target = index.aliasTarget.get(hit.alias);
    return {
      start: target ? withOrgWord(scan, hit.start, target) : hit.start,
      end: hit.end,
      name: target ?? hit.alias,
      alias: hit.alias,
      inCatalog: target !== undefined,
    };
  });
}

/**
 * "NVIDIA Nemotron 3 Nano", "Meta Llama 3.1 8B": the organisation of the matched model's id
 * (`nvidia/...`, `meta-llama/...`), written as a word just before its name, is part of the
 * name. It is masked with it, so later readers do not see a stray word where the model stood.
 * Returns where the name, with that word, starts.
 */
function withOrgWord(scan: ReadContext["scan"], start: number, name: string): number {
  const slash = name.indexOf("/");
  if (slash <= 0) return start;
  const org = name.slice(0, slash).toLowerCase();
  const words = new Set([org, org.split("-")[0] ?? org].filter((w) => w.length > 1));
  const before = /(?:^|[^\w-])([\w-]+)\s+$/u.exec(scan.text.slice(0, start));
  const word = before?.[1];
  if (!word || !words.has(word.toLowerCase())) return start;
  const wordStart = start - (before[0].length - before[0].indexOf(word));
  scan.mask(wordStart, start);
  return wordStart;
}

/** A model name taken apart: family word, version numbers, sizes ("30b", "a3b") and other words. */
interface NameParts {
  family: string;
  versions: string[];
  sizes: string[];
  words: string[];
}

function nameParts(text: string, families?: ReadonlySet<string>): NameParts | undefined {
  const bare = text.toLowerCase().replace(/^[\w.-]*\//u, "");
  const tokens = [...bare.matchAll(/[a-z]+|v?\d+(?:\.\d+)*[a-z]?/gu)].map((m) => m[0]);
  const familyAt = tokens.findIndex((t) => (families ? families.has(t) : t !== "nvidia"));
  const family = tokens[familyAt];
  if (familyAt < 0 || !family) return undefined;
  const rest = tokens.slice(familyAt + 1);
  return {
    family,
    sizes: rest.filter((t) => /^\d+(?:\.\d+)?b$/u.test(t) || /^a\d+b$/u.test(t)),
    versions: rest.filter((t) => /^v?\d+(?:\.\d+)*$/u.test(t)).map((t) => t.replace(/^v/u, "")),
    words: rest.filter((t) => /^[a-z]+$/u.test(t)),
  };
}

/**
 * A catalog model written loosely ("Mistral 7B instruct v0.3", "Llama 3.1 8B",
 * "qwen3 30b"): the family word, then sizes, versions and variant words that
 * must agree with exactly one catalog model of that family.
 */
function looseCandidates(ctx: ReadContext): Candidate[] {
  const { index, scan } = ctx;
  const catalogNames = [...new Set(index.modelByText.values())];
  const parsed = catalogNames.flatMap((name) => {
    const parts = nameParts(name);
    return parts ? [{ name, parts }] : [];
  });
  const families = new Set(parsed.map((p) => p.parts.family));
  const catalogWords = new Set(parsed.flatMap((p) => p.parts.words));
  const isPart = (t: string) =>
    /^v?\d+(?:\.\d+)*$/u.test(t) || /^a?\d+(?:\.\d+)?b$/u.test(t) || catalogWords.has(t);
  const found: Candidate[] = [];
  const tokens = [...scan.text.matchAll(/[A-Za-z0-9]+(?:\.\d+)*/gu)].map((m) => ({
    text: m[0].toLowerCase(),
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  tokens.forEach((token, i) => {
    // "qwen3": a family word glued to its version.
    const lead = /^([a-z]+)(\d[\d.]*)?$/u.exec(token.text);
    if (!lead?.[1] || !families.has(lead[1])) return;
    let j = i + 1;
    while (j < tokens.length && isPart(tokens[j]?.text ?? "")) j += 1;
    const parts = [lead[2] ?? "", ...tokens.slice(i + 1, j).map((t) => t.text)].filter(Boolean);
    const wanted: NameParts = {
      family: lead[1],
      sizes: parts.filter((t) => /^a?\d+(?:\.\d+)?b$/u.test(t)),
      versions: parts.filter((t) => /^v?\d+(?:\.\d+)*$/u.test(t)).map((t) => t.replace(/^v/u, "")),
      words: parts.filter((t) => catalogWords.has(t)),
    };
    if (wanted.sizes.length + wanted.versions.length + wanted.words.length === 0) return;
    const agrees = (have: NameParts) =>
      have.family === wanted.family &&
      wanted.sizes.every((size) => have.sizes.includes(size)) &&
      wanted.versions.every((v) => have.versions.some((h) => h === v || h.startsWith(`${v}.`))) &&
      wanted.words.every((w) => have.words.includes(w));
    const matching = parsed.filter((p) => agrees(p.parts));
    if (matching.length !== 1 || !matching[0]) return;
    const end = tokens[j - 1]?.end ?? token.end;
    scan.mask(token.start, end);
    const name = matching[0].name;
    found.push({ start: withOrgWord(scan, token.start, name), end, name, inCatalog: true });
  });
  return found;
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
    found.push({
      start: hit.start,
      end: hit.end,
      name: listed ?? hit.text,
      inCatalog: listed !== undefined,
    });
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
    return { start: -1, end: -1, name: listed ?? value, inCatalog: listed !== undefined };
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
  // "We do NOT have a megatron ckpt of it" says the format the model is not in.
  const megatron = rules.models.megatronFormat
    .hits(scan.text)
    .some((h) => !rules.data.lacking.test(scan.text.slice(Math.max(0, h.start - 40), h.start)));
  const named = [...catalogCandidates(ctx), ...hfCandidates(ctx), ...looseCandidates(ctx)].sort(
    (a, b) => a.start - b.start,
  );
  const unknown = longestFirst(rules.models.unknown.hits(scan.text));
  scan.maskAll(unknown);
  const unsupported = [
    ...named.filter((c) => !c.inCatalog && c.alias !== undefined).map((c) => c.name),
    ...unknown.map((h) => h.text),
  ];
  const roles = rolesOf(ctx, named);
  const student = roles.get("student");
  // The model the plan runs is the teacher when one is named; the student is an input.
  const chosen =
    overrideCandidate(ctx, overrides) ??
    roles.get("teacher") ??
    named.find((c) => c !== student) ??
    named[0];
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
  const findings: ModelFindings = { model, unsupportedModels: [...new Set(unsupported)] };
  if (student && student !== chosen) findings.student = student.name;
  return findings;
}
