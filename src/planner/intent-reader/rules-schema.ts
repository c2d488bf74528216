import { z } from "zod";
import { DataFormatSchema, DataKindSchema, GoalSchema } from "../intent.js";

/** Phrases (`words`) and regular expressions (`patterns`) that signal one thing. */
export const CueSchema = z.object({
  words: z.array(z.string().min(1)).default([]),
  /** Phrases ending in a verb, matched in each of its forms ("fine tune": tunes, tuned, tuning). */
  verbs: z.array(z.string().min(1)).default([]),
  patterns: z.array(z.string().min(1)).default([]),
  /** Patterns are matched case-sensitively (names such as `Falcon-7B`). */
  caseSensitive: z.boolean().default(false),
});
export type CueSpec = z.infer<typeof CueSchema>;

const EmptyCue = { words: [], verbs: [], patterns: [], caseSensitive: false };
const cue = () => CueSchema.default(EmptyCue);

/** Which catalog steps serve a goal or a backend. */
export const StepSelectorSchema = z.object({
  categories: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  excludeTags: z.array(z.string()).default([]),
  idContains: z.array(z.string()).default([]),
  produces: z.array(z.string()).default([]),
});
export type StepSelector = z.infer<typeof StepSelectorSchema>;

const RouteRulesSchema = z.object({
  explorer: cue(),
  outOfScopeStrong: cue(),
  outOfScopeWeak: cue(),
  genericAdvice: cue(),
  recommendation: cue(),
  feasibility: cue(),
  pipeline: cue(),
  domain: cue(),
  /** Capabilities the catalog lacks, each with the gap text Explorer mode reports. */
  gaps: z.array(z.object({ gap: z.string().min(1), cues: CueSchema })).default([]),
  assumedInputs: z.array(z.string()).default([]),
  unprocessedInputs: z.array(z.string()).default([]),
  modelArtifacts: z.object({ hf: z.string(), megatron: z.string() }),
  qualityGoals: z.array(GoalSchema).default([]),
  /** Goals that train a model: such a request is planned and approved, not answered as one command. */
  trainingGoals: z.array(GoalSchema).default([]),
});

const GoalRuleSchema = z.object({
  id: GoalSchema,
  cues: CueSchema,
  /**
   * One operation inside the goal's step ("dedup", "language filter"): asking for it asks
   * for the goal; declining it is a setting of the goal, not a decline.
   */
  parts: CueSchema.optional(),
  /** Cues that ask for the goal only in a request that names a served URL ("smoke test https://…"). */
  servedCues: CueSchema.optional(),
  steps: StepSelectorSchema,
});

const GoalRulesSchema = z.object({
  negation: z.string(),
  /** A clause matching this puts its goals off: context, not work to plan now. */
  deferred: z.string(),
  partNegation: z.string(),
  deferredBefore: z.string(),
  /** Where the clause of a goal word ends on its right: purpose and reason clauses. */
  clauseBreak: z.string(),
  /**
   * Tried on the text after a goal word: the word describes data ("DPO preference rows",
   * "SFT data"), so it is a goal only when nothing else in the request is.
   */
  describesData: z.string(),
  /**
   * Work the user reports as done ("SFT is done", "our SFT'd checkpoint", "already
   * packed"): `after` is tried on the text after a goal word, `before` on the text
   * before it, `participle` on the goal word itself unless `noun` (how to do it) follows.
   */
  completed: z.object({
    after: z.string(),
    before: z.string(),
    participle: z.string(),
    noun: z.string(),
    /** Before a goal word: the user owns what follows ("our", "my existing"). */
    owner: z.string(),
    /** After a goal word: an artifact it describes ("SFT Megatron checkpoint"). */
    artifact: z.string(),
    /** Before a participle: someone did the work, so how it was done is told, not asked. */
    subject: z.string(),
    /** Before a participle: the work is wished for ("we need the set translated"). */
    wanted: z.string(),
    /** Around a goal noun: a model name before it, the phrase ending after it. */
    lineage: z.object({ before: z.string(), after: z.string() }),
    /** What a completed goal leaves the user with, when the request did not say. */
    artifacts: z.partialRecord(GoalSchema, z.array(z.string())).default({}),
  }),
  absorb: z.array(z.object({ keep: GoalSchema, drop: z.array(GoalSchema) })).default([]),
  groups: z.array(z.array(GoalSchema)).default([]),
  /** Goals read from vague cues only when no goal in `unless` was named. */
  fallbacks: z
    .array(z.object({ goal: GoalSchema, unless: z.array(GoalSchema).default([]), cues: CueSchema }))
    .default([]),
});

const BackendRuleSchema = z.object({
  id: z.enum(["automodel", "megatron_bridge"]),
  cues: CueSchema,
  steps: StepSelectorSchema,
});

/** A labelled option found by its cues (formats, kinds, executors, endpoint types). */
const LabelledCueSchema = <T extends z.ZodType>(id: T) =>
  z.object({ id, cues: CueSchema, extensions: z.array(z.string()).default([]) });

const WordsEntry = z.object({ words: z.array(z.string().min(1)).min(1) });

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

/** The whole rules document after `include` files are merged in. */
export const RawIntentRulesSchema = z.object({
  version: z.literal(1),
  include: z.array(z.string()).default([]),
  route: RouteRulesSchema,
  goals: z.array(GoalRuleSchema).min(1),
  goalRules: GoalRulesSchema,
  backends: z.object({
    options: z.array(BackendRuleSchema),
    sensitiveGoals: z.array(GoalSchema).default([]),
    listedModelsOnly: z.array(z.string()).default([]),
  }),
  lora: z.object({ off: cue(), on: cue(), appliesToGoals: z.array(GoalSchema).default([]) }),
  quality: cue(),
  commandOnly: cue(),
  followUp: z.object({ replace: cue() }),
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
  literals: LiteralRulesSchema,
  data: DataRulesSchema,
  paths: PathRulesSchema,
  translation: TranslationRulesSchema,
  eval: EvalRulesSchema,
  settings: SettingsRulesSchema,
  directEdges: DirectEdgeRulesSchema,
  deliverables: DeliverableRulesSchema,
});
export type RawIntentRules = z.infer<typeof RawIntentRulesSchema>;
