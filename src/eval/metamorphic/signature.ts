/**
 * What a rewrite must keep: the plan's steps and stage count, the GPU layout, and every value
 * the user typed. Read with the offline planner in-process, so thousands of rewrites stay cheap.
 */
import { z } from "zod";
import type { Catalog } from "../../catalog/index.js";
import { composePlan } from "../../planner/compose/index.js";
import type { Intent } from "../../planner/intent.js";
import {
  type IntentRules,
  loadIntentRules,
  readIntent,
} from "../../planner/intent-reader/index.js";
import { loadPlanningRules, type PlanningRules } from "../../planner/rules/index.js";

export const PlanSignatureSchema = z.object({
  route: z.string(),
  steps: z.array(z.string()),
  /** Each stage's config values, as the plan sets them. */
  params: z.array(z.record(z.string(), z.unknown())),
  stageCount: z.number(),
  nodes: z.number().nullable(),
  gpusPerNode: z.number().nullable(),
  totalGpus: z.number().nullable(),
  gpuType: z.string().nullable(),
  /** Data paths exactly as read, sorted (which clause names a path first is wording). */
  paths: z.array(z.string()),
  model: z.string().nullable(),
  outputDir: z.string().nullable(),
  overrides: z.record(z.string(), z.string()),
});
export type PlanSignature = z.infer<typeof PlanSignatureSchema>;
const FIELDS = PlanSignatureSchema.keyof().options;

/** Reads a request and plans it, offline. */
export type SignatureOf = (request: string) => PlanSignature;

/** The offline reader and composer on `catalog`, with the bundled rules unless given. */
export function offlineSignature(
  catalog: Catalog,
  rules: { intent?: IntentRules; planning?: PlanningRules } = {},
): SignatureOf {
  const intentRules = rules.intent ?? loadIntentRules();
  const planningRules = rules.planning ?? loadPlanningRules();
  // Composing is pure in the intent and does not read the request history: rewrites that read
  // to the same intent share one plan.
  const stagesByIntent = new Map<string, Pick<PlanSignature, "steps" | "params" | "stageCount">>();
  const stagesOf = (intent: Intent) => {
    const key = JSON.stringify({ ...intent, requests: [] });
    const known = stagesByIntent.get(key);
    if (known) return known;
    const ctx = { catalog, catalogSource: "flag" as const, intent, profiles: null };
    const { stages } = composePlan(ctx, planningRules).draft;
    const found = {
      steps: stages.map((s) => s.step),
      params: stages.map((s) => s.params),
      stageCount: stages.length,
    };
    stagesByIntent.set(key, found);
    return found;
  };
  return (request) => {
    const intent = readIntent(request, catalog, intentRules);
    const hw = intent.hardware;
    return {
      route: intent.route,
      ...stagesOf(intent),
      nodes: hw.nodes ?? null,
      gpusPerNode: hw.gpusPerNode ?? null,
      totalGpus: hw.totalGpus ?? null,
      gpuType: hw.gpuType ?? null,
      paths: [...intent.data.paths].sort(),
      model: intent.model?.name ?? null,
      outputDir: intent.outputDir ?? null,
      overrides: Object.fromEntries(
        Object.entries(intent.overrides).sort(([a], [b]) => a.localeCompare(b)),
      ),
    };
  };
}

/** One field that differs between the original's signature and the rewrite's. */
export interface SignatureChange {
  field: keyof PlanSignature;
  original: string;
  rewritten: string;
}

type StageParams = PlanSignature["params"];

/** Only the stage values that differ, as `stage 1 peft.dim=8`, so a report line stays short. */
function paramsDiff(a: StageParams, b: StageParams): { original: string; rewritten: string } {
  if (a.length !== b.length) return { original: JSON.stringify(a), rewritten: JSON.stringify(b) };
  const before: string[] = [];
  const after: string[] = [];
  a.forEach((stage, i) => {
    const other = b[i] ?? {};
    for (const key of new Set([...Object.keys(stage), ...Object.keys(other)])) {
      const x = JSON.stringify(stage[key]);
      const y = JSON.stringify(other[key]);
      if (x === y) continue;
      before.push(`stage ${i + 1} ${key}=${x ?? "(unset)"}`);
      after.push(`stage ${i + 1} ${key}=${y ?? "(unset)"}`);
    }
  });
  return { original: before.join(", "), rewritten: after.join(", ") };
}

/** Fields of `rewritten` that differ from `original`, each shown as JSON (stage values by key). */
export function signatureChanges(
  original: PlanSignature,
  rewritten: PlanSignature,
): SignatureChange[] {
  const changes: SignatureChange[] = [];
  for (const field of FIELDS) {
    const a = JSON.stringify(original[field]);
    const b = JSON.stringify(rewritten[field]);
    if (a === b) continue;
    const shown = field === "params" ? paramsDiff(original.params, rewritten.params) : undefined;
    changes.push({ field, original: shown?.original ?? a, rewritten: shown?.rewritten ?? b });
  }
  return changes;
}
