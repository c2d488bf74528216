import type { StepManifest } from "../../catalog/index.js";
import type { PlanContext } from "../context.js";
import type { PlanDraft } from "../plan.js";
import { code, section } from "./format.js";

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2);
}

/** What a step is called by: category, tags (whole and split), id segments and name words. */
function labelsOf(step: StepManifest): string[] {
  const raw = [step.category, ...step.tags, ...step.id.split("/")].map((l) => l.toLowerCase());
  return [...new Set([...raw, ...words(raw.join(" ")), ...words(step.name)])];
}

/** Same word, or a shared stem of at least five letters (`quantize` ~ `quantization`). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n >= 5;
}

interface QueryWord {
  word: string;
  weight: number;
}

/** Goals weigh most, then the named gap and model names, then the wording of the request. */
function queryWords(ctx: PlanContext): QueryWord[] {
  const { intent } = ctx;
  const request = intent.requests.at(-1) ?? "";
  const weighted: QueryWord[] = [
    ...intent.goals.map((word) => ({ word, weight: 3 })),
    ...words([intent.gap ?? "", ...intent.unsupportedModels].join(" ")).map((word) => ({
      word,
      weight: 2,
    })),
    ...words(request).map((word) => ({ word, weight: 1 })),
  ];
  const best = new Map<string, number>();
  for (const q of weighted) best.set(q.word, Math.max(best.get(q.word) ?? 0, q.weight));
  return [...best].map(([word, weight]) => ({ word, weight }));
}

/**
 * Up to three catalog steps nearest to what was asked, best first. A word counts more the fewer
 * steps carry it (so `reward` outweighs `model`). For an unsupported model only steps that list
 * models are candidates, since their model lists are what the request falls outside of.
 */
export function closestSteps(ctx: PlanContext, limit = 3): StepManifest[] {
  const all = ctx.catalog.steps;
  const withModels = all.filter((s) => s.models.length > 0);
  const pool = ctx.intent.unsupportedModels.length > 0 && withModels.length > 0 ? withModels : all;
  const labels = new Map(all.map((s) => [s.id, labelsOf(s)]));
  const has = (step: StepManifest, word: string) =>
    (labels.get(step.id) ?? []).some((l) => sameWord(l, word));
  const scored = pool.map((step) => {
    let score = 0;
    for (const { word, weight } of queryWords(ctx)) {
      if (!has(step, word)) continue;
      const df = all.filter((s) => has(s, word)).length;
      score += weight * Math.log((all.length + 1) / df);
    }
    return { step, score };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.step.id.localeCompare(b.step.id))
    .slice(0, limit)
    .map((s) => s.step);
}

function whyNot(ctx: PlanContext, step: StepManifest): string {
  const unsupported = ctx.intent.unsupportedModels;
  const flow = `takes ${step.consumes.map((c) => code(c.type)).join(", ") || "no input"} and produces ${step.produces.map((p) => code(p.type)).join(", ") || "nothing"}`;
  if (unsupported.length > 0) {
    const models = step.models.map((m) => code(m.name));
    const listed =
      models.length > 0 ? `lists only ${models.join(", ")}` : "declares no supported models";
    return `${listed}, not ${unsupported.map(code).join(", ")}; it ${flow}`;
  }
  return `it ${flow}, which does not cover ${ctx.intent.gap ? `"${ctx.intent.gap}"` : "the request"}`;
}

/** The gap, the nearest steps and why they fall short, and what Explorer mode would add. */
export function renderExplorerNote(draft: PlanDraft, ctx: PlanContext): string {
  const { intent } = ctx;
  const gap: string[] = [];
  for (const model of intent.unsupportedModels) {
    gap.push(`${code(model)} is not supported by any step in this catalog.`);
  }
  if (intent.gap) gap.push(`No catalog step covers: ${intent.gap}.`);
  if (gap.length === 0) gap.push("No catalog step covers this request.");
  const near = closestSteps(ctx);
  const nearLines =
    near.length > 0
      ? near.map((s) => `- ${code(s.id)} (${s.name}): ${whyNot(ctx, s)}.`)
      : ["- None: no step shares a category or tag with the request."];
  const category = near[0]?.category;
  const where = category ? code(`src/nemotron/steps/${category}/`) : "`src/nemotron/steps/`";
  const scaffold = [
    `Explorer mode is the way forward. It would scaffold one new step under ${where}: a \`step.toml\` declaring its inputs and outputs with artifact types from \`types.toml\`, a thin \`step.py\` that wraps the library call, and \`config/default.yaml\` with a tiny smoke config beside it.`,
    "Nothing is written until you approve the gap; no existing step or shipped config is changed.",
  ];
  const asks = draft.requiredInputs.map((r) => `- ${code(r.key)}: ${r.question}`);
  const parts = [
    section("Gap", gap),
    section("Closest existing steps", nearLines),
    section("Explorer mode", scaffold),
  ];
  if (asks.length > 0) parts.push(section("Required inputs", asks));
  parts.push(
    section("Next step", [
      "Approve to enter Explorer mode for this gap, or revise the request to use one of the steps above.",
    ]),
  );
  return `${parts.join("\n\n")}\n`;
}
