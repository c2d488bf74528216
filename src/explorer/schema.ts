import { z } from "zod";
import { STEPS_DIR } from "../catalog/index.js";
import { CommandSchema, ParamValueSchema, RequiredInputSchema } from "../planner/plan.js";

/** One file of a scaffold, with its path relative to the checkout root. */
export const ScaffoldFileSchema = z.object({
  path: z.string().min(1),
  text: z.string(),
});
export type ScaffoldFile = z.infer<typeof ScaffoldFileSchema>;

/**
 * What the validators judge: the id of the new step and its files. Offline
 * proposals and model-drafted files both reduce to this shape.
 */
export const ScaffoldDraftSchema = z.object({
  /** Folder of the step relative to `src/nemotron/steps`, e.g. `rl/automodel_dpo`. */
  stepId: z.string().min(1),
  files: z.array(ScaffoldFileSchema),
});
export type ScaffoldDraft = z.infer<typeof ScaffoldDraftSchema>;

/** An existing step near the request, with what it already covers and what it lacks. */
export const ClosestStepSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  /** `goal` serves the asked goal; `runner` runs on the asked backend; `other` neither. */
  role: z.enum(["goal", "runner", "other"]),
  fits: z.array(z.string()),
  misses: z.array(z.string()),
});
export type ClosestStep = z.infer<typeof ClosestStepSchema>;

/** A config knob exposed at the top of `config/default.yaml`. */
export const KnobSchema = z.object({
  /** Dotted config key, also the `[[parameters]].name` in `step.toml`. */
  key: z.string(),
  value: ParamValueSchema,
  /** Value in the smoke config when it differs from the default. */
  smoke: ParamValueSchema.optional(),
  description: z.string(),
  /** True when the value must be supplied at run time (written as OmegaConf's `???`). */
  required: z.boolean(),
});
export type Knob = z.infer<typeof KnobSchema>;

/** A `[[strategies]]` entry of a closest step that applies to this request. */
export const FollowedStrategySchema = z.object({
  step: z.string(),
  when: z.string(),
  then: z.string(),
});

/** The handoff the Explorer answer shows after the files are approved. */
export const ScaffoldReportSchema = z.object({
  files: z.array(z.string()),
  knobs: z.array(KnobSchema),
  /** Library gaps the scaffold works around, also written as `# UPSTREAM:` notes. */
  upstream: z.array(z.string()),
  strategiesFollowed: z.array(FollowedStrategySchema),
  /** `[[strategies]]` written into the new manifest, as `when: then`. */
  strategiesWritten: z.array(z.string()),
  commands: z.array(CommandSchema),
  requiredInputs: z.array(RequiredInputSchema),
});
export type ScaffoldReport = z.infer<typeof ScaffoldReportSchema>;

export const ScaffoldProposalSchema = z.object({
  stepId: z.string(),
  category: z.string(),
  name: z.string(),
  /** Directory of the new step relative to the checkout root (the writer's `allowedDir`). */
  dir: z.string(),
  /** The missing capability, in one line. */
  gap: z.string(),
  closest: z.array(ClosestStepSchema),
  /** The shared runner the wrapper calls, as a module path and its checkout file. */
  runner: z.object({ module: z.string(), entry: z.string(), file: z.string() }),
  files: z.array(ScaffoldFileSchema),
  report: ScaffoldReportSchema,
});
export type ScaffoldProposal = z.infer<typeof ScaffoldProposalSchema>;

/** The draft part of a proposal, for the validators and the repair loop. */
export function draftOf(proposal: ScaffoldProposal): ScaffoldDraft {
  return { stepId: proposal.stepId, files: proposal.files };
}

/**
 * The draft with some files replaced or added, named relative to the step
 * folder (`step.py`, `config/tiny.yaml`): how a model-drafted `step.py` or
 * manifest joins the offline files before validation.
 */
export function withDraftFiles(
  draft: ScaffoldDraft,
  replacements: Readonly<Record<string, string>>,
): ScaffoldDraft {
  const dir = `${STEPS_DIR}/${draft.stepId}`;
  const byPath = new Map(draft.files.map((f) => [f.path, f.text]));
  for (const [name, text] of Object.entries(replacements)) byPath.set(`${dir}/${name}`, text);
  return { stepId: draft.stepId, files: [...byPath].map(([path, text]) => ({ path, text })) };
}
