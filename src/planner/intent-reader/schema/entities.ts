import { z } from "zod";
import { onFirstUse } from "../../../catalog/index.js";
import { CueSchema, cue, LabelledCueSchema, WordsEntry } from "./cues.js";

function buildEntitySchemas() {
  const ModelRulesSchema = z.object({
    aliases: z.array(z.object({ alias: z.string(), cues: CueSchema, catalogMatch: z.string() })),
    megatronFormat: cue(),
    hfId: z.object({
      pattern: z.string(),
      nameHint: z.string(),
      knownOrgs: z.array(z.string()).default([]),
    }),
    unknown: cue(),
    overrideKeys: z.array(z.string()).default([]),
    /** Right after / right before a model name: the part it plays (group `role`). */
    roleAfter: z.string(),
    roleBefore: z.string(),
    /** Right before a model name: it is what another model is distilled into. */
    intoStudent: z.string(),
  });

  const HardwareRulesSchema = z.object({
    numberWords: z.record(z.string(), z.number().int().positive()),
    articles: z.record(z.string(), z.number().int().positive()).default({}),
    maxCount: z.number().int().positive(),
    gpus: z.array(
      WordsEntry.extend({ name: z.string(), memoryGb: z.number().positive().optional() }),
    ),
    interconnects: z.array(WordsEntry.extend({ name: z.string() })),
    /** Counts of a pair or a dozen ("a pair of nodes"). */
    quantities: z.record(z.string(), z.number().int().positive()).default({}),
    /** The most GPUs one node holds: a larger count said beside a node count is a total. */
    nodeCapacity: z.number().int().positive(),
    nodeWords: z.array(z.string().min(1)).min(1),
    gpuWords: z.array(z.string().min(1)).min(1),
    /** After a GPU count: the count is per node ("8 GPUs each"). */
    perNode: z.array(z.string().min(1)).default([]),
    /** After a GPU count: a total spread over nodes ("16 GPUs across 2 boxes"). */
    spread: z.array(z.string().min(1)).default([]),
    /** After a node count: GPUs per node follow ("2 nodes of 8 H100s"). */
    nodeLinks: z.array(z.string().min(1)).default([]),
    /** Before a count: the count is not the hardware asked for ("instead of 2 nodes"). */
    discard: z.array(z.string().min(1)).default([]),
    /** A GPU model name not listed in `gpus` ("a6000", "v100"): its shape, matched on one token. */
    gpuModelPattern: z.string().optional(),
    /** Words that may stand before or after a GPU model ("RTX A6000", "RTX 6000 Ada"). */
    gpuModelWords: z.array(z.string().min(1)).default([]),
    /** Machines whose GPU count is a fact. */
    appliances: z
      .array(
        z.object({
          words: z.array(z.string().min(1)).min(1),
          gpusPerNode: z.number().int().positive(),
        }),
      )
      .default([]),
  });

  const ExecutorRulesSchema = z.object({
    kinds: z.array(LabelledCueSchema(z.enum(["local", "slurm", "lepton", "dgxcloud"]))),
    remote: cue(),
    /** The cluster has no internet or Hub access. */
    offline: cue(),
    profilePatterns: z.array(z.string()).default([]),
    profileStopWords: z.array(z.string()).default([]),
  });
  return {
    models: ModelRulesSchema,
    hardware: HardwareRulesSchema,
    executor: ExecutorRulesSchema,
    languages: z.array(z.object({ code: z.string().length(2), names: z.array(z.string()).min(1) })),
    languageRoles: z.object({
      dataNouns: z.array(z.string().min(1)).min(1),
      gap: z.number().int().nonnegative(),
      dataIn: z.string(),
      base: z.string().length(2),
    }),
  };
}

/**
 * The keys of `intent-entities.yaml` (models, hardware, executors,
 * languages), built on first use.
 */
export const entityRuleSchemas = onFirstUse(buildEntitySchemas);
