import { z } from "zod";

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
/** A cue a rules file may leave out. */
export const cue = () => CueSchema.default(EmptyCue);

/** Which catalog steps serve a goal or a backend. */
export const StepSelectorSchema = z.object({
  categories: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  excludeTags: z.array(z.string()).default([]),
  idContains: z.array(z.string()).default([]),
  produces: z.array(z.string()).default([]),
});
export type StepSelector = z.infer<typeof StepSelectorSchema>;

/** A labelled option found by its cues (formats, kinds, executors, endpoint types). */
export const LabelledCueSchema = <T extends z.ZodType>(id: T) =>
  z.object({ id, cues: CueSchema, extensions: z.array(z.string()).default([]) });

/** An entry found by its phrases. */
export const WordsEntry = z.object({ words: z.array(z.string().min(1)).min(1) });
