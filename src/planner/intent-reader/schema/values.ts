import { z } from "zod";
import { onFirstUse } from "../../../catalog/index.js";
import { DataFormatSchema, DataKindSchema, GoalSchema } from "../../intent.js";
import { CueSchema, cue, LabelledCueSchema, WordsEntry } from "./cues.js";

function buildValueSchemas() {
  const LiteralRulesSchema = z.object({
    overridePatterns: z.array(z.string()).min(1),
    trailingPunctuation: z.string(),
    leadingPunctuation: z.string(),
    pathPrefix: z.string(),
    urlPattern: z.string(),
    authVar: z.string(),
  });

  const DataRulesSchema = z.object({
    outputCues: z.array(z.string()).default([]),
    inputKeys: z.array(z.string()).default([]),
    outputKeys: z.array(z.string()).default([]),
    formats: z.array(LabelledCueSchema(DataFormatSchema)),
    kinds: z.array(LabelledCueSchema(DataKindSchema)),
    has: z.array(z.object({ type: z.string(), cues: CueSchema })),
    /** In the sentence of something the user has: it cannot be used ("the old shards won't cut it"). */
    unusable: z.string(),
    /** Right before an artifact word: the user does not have it ("we do NOT have a megatron ckpt"). */
    lacking: z.string(),
    /** The artifact type every JSONL data type is compatible with. */
    jsonlFamilyRoot: z.string(),
    mention: cue(),
  });

  const TypedPatternSchema = z.object({ type: z.string(), pattern: z.string().min(1) });

  const PathRulesSchema = z.object({
    /** A file name with no directory; it is a path only where an output cue precedes it. */
    bareFile: z.string(),
    /** Where the words describing a path start (a path's own clause). */
    clauseBreak: z.string(),
    /** Words that end right before a checkpoint path; "" type: a checkpoint of unsaid kind. */
    checkpoints: z.array(TypedPatternSchema),
    /** What may stand between those words and the path ("at", "in", ":"). */
    joiner: z.string(),
    trained: z.string(),
    auxiliary: z.string(),
    /** Said of the path: it holds data ("tokenized bin/idx under", "prompts at"), not weights. */
    dataWords: z.string(),
    /** A path's own text that names its checkpoint kind (`iter_0001000`, `-hf`). */
    nameHints: z.array(TypedPatternSchema),
    /** File endings (lower case) that mark a path as data, never a checkpoint. */
    dataExtensions: z.array(z.string()).default([]),
    /** Artifact types that are model weights rather than data. */
    checkpointTypes: z.array(z.string()).min(1),
    /** "to HF", "into a Megatron checkpoint": the type a conversion produces. */
    conversionTargets: z.array(TypedPatternSchema),
    /** Words right before an artifact name that make it a product, not something the user has. */
    productBefore: z.string(),
    /** A saved iteration named apart from its run dir ("it has iter_0001500 and iter_0003000"): group `n`. */
    iteration: z.string(),
    /** Which of several named iterations to use: by number ("use the 3000 one", group `n`) or the latest. */
    iterationChoice: z.string(),
    iterationLatest: z.string(),
    /** Things told where to go ("put the packed data and adapter under there"): group `objects`. */
    placedObjects: z.string(),
  });

  const TranslationRulesSchema = z.object({
    backends: z.array(LabelledCueSchema(z.enum(["llm", "nmt"]))),
    faithOff: cue(),
    faithOn: cue(),
    directionPatterns: z.array(z.string()).default([]),
    overrideKeys: z.object({
      source: z.array(z.string()).default([]),
      target: z.array(z.string()).default([]),
      backend: z.array(z.string()).default([]),
      textField: z.array(z.string()).default([]),
      serverUrl: z.array(z.string()).default([]),
      serverModel: z.array(z.string()).default([]),
      faith: z.array(z.string()).default([]),
    }),
  });

  const EvalRulesSchema = z.object({
    tasks: z.array(WordsEntry.extend({ id: z.string() })),
    taskListPatterns: z.array(z.string()).default([]),
    taskOverrideKeys: z.array(z.string()).default([]),
    endpointTypes: z.array(LabelledCueSchema(z.enum(["chat", "completions"]))),
    /** Words that say the model under test is served behind an endpoint. */
    servedTarget: CueSchema,
    modelIdPatterns: z.array(z.string()).default([]),
    /** Catalog parameters whose default lists task entries (`{ name = "..." }`). */
    catalogTaskParams: z.array(z.string()).default([]),
    overrideKeys: z.object({
      url: z.array(z.string()).default([]),
      modelId: z.array(z.string()).default([]),
      type: z.array(z.string()).default([]),
    }),
  });

  const SettingsRulesSchema = z.object({
    configPatterns: z.array(z.string()).default([]),
    namedConfigPattern: z.string(),
    smoke: cue(),
    smokeConfigs: z.array(z.string()).default([]),
    seqLengthPatterns: z.array(z.string()).default([]),
    packSizePatterns: z.array(z.string()).default([]),
    /** The packing step's parameter a stated packing length sets. */
    packSizeKey: z.string().min(1),
    parameterValues: z
      .array(z.object({ value: z.string().min(1), describedAs: z.string().min(1) }))
      .default([]),
    seqLengthKeys: z.array(z.string()).default([]),
    maxSeqLength: z.number().int().positive(),
    /** Parameter values stated in words, read from the catalog's parameter names. */
    /** Ranges stated in words for `min_<noun>`/`max_<noun>` pairs ("between 50 and 5000 words"). */
    bounds: z.object({
      minPrefixes: z.array(z.string().min(1)).min(1),
      maxPrefixes: z.array(z.string().min(1)).min(1),
      /** Before a count: an upper or a lower limit, depending on the verb ("drop under 50"). */
      below: z.array(z.string().min(1)).min(1),
      above: z.array(z.string().min(1)).min(1),
      /** Before a count: a lower or an upper limit, whatever the verb. */
      atLeast: z.array(z.string().min(1)).min(1),
      atMost: z.array(z.string().min(1)).min(1),
      /** Verbs that say the text drops or keeps what "under"/"over" bound. */
      rejectVerbs: z.array(z.string().min(1)).min(1),
      keepVerbs: z.array(z.string().min(1)).min(1),
    }),
    statedValues: z.object({
      /** Between a parameter's name and its value: "is", "=", ":", "of" ... or a space. */
      linker: z.string().min(1),
      /** Words users write for a word of a parameter name (`calib` → calibration). */
      synonyms: z.record(z.string(), z.array(z.string())).default({}),
      /** First words that make a numeric parameter a count of the rest (`num_records`). */
      countPrefixes: z.array(z.string()).default([]),
      /** Words that may stand between a count and what it counts ("2000 DPO preference rows"). */
      countGap: z.number().int().min(0).max(5),
      /** Words of a name users leave out: inside it ("model"), or closing it ("size"). */
      fillerWords: z.array(z.string()).default([]),
      unitWords: z.array(z.string()).default([]),
      /** A one-word name counts only this long ("threshold", not "tp"). */
      minSingleWordLength: z.number().int().positive(),
      /** Parameters whose name has one of these words are read elsewhere (paths, models, credentials). */
      skipWords: z.array(z.string()).default([]),
      /** Parameters other readers own (languages, endpoints, sequence length). */
      ownedKeys: z.array(z.string()).default([]),
      /** Last words of names whose value is written before them ("the `body` field"). */
      namingHeads: z.array(z.string()).default([]),
      /** A parameter description that says how to turn its work off; group `value` is the setting. */
      skipPattern: z.string().min(1),
      /** Words of a declined option too general to pick its parameter ("filter"). */
      genericPartWords: z.array(z.string()).default([]),
      /** Words after a name that are not its value ("text field is the ..."). */
      notValues: z.array(z.string()).default([]),
    }),
  });

  /** End products asked for: an artifact word after a word that asks for it, not one the user owns. */
  const DeliverableRulesSchema = z.object({
    wants: z.string().min(1),
    owned: z.string().min(1),
    /** How far back in the clause the asking word may stand. */
    reach: z.number().int().positive(),
    artifacts: z.array(WordsEntry.extend({ type: z.string() })),
  });

  const DirectEdgeRulesSchema = z.object({
    patterns: z.array(z.string()).default([]),
    /** Words that point back ("it", "that output"): the artifact is what came just before. */
    pronoun: z.string().min(1),
    artifacts: z.array(WordsEntry.extend({ type: z.string() })),
    defaultGoal: GoalSchema,
  });
  return {
    literals: LiteralRulesSchema,
    data: DataRulesSchema,
    paths: PathRulesSchema,
    translation: TranslationRulesSchema,
    eval: EvalRulesSchema,
    settings: SettingsRulesSchema,
    deliverables: DeliverableRulesSchema,
    directEdges: DirectEdgeRulesSchema,
  };
}

/**
 * The keys of `intent-data.yaml`: literals, data and paths, translation,
 * evaluation, settings, deliverables and direct edges, built on first use.
 */
export const valueRuleSchemas = onFirstUse(buildValueSchemas);
