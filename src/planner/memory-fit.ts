import { z } from "zod";

/** One part of a per-GPU memory estimate, in GiB; null when a fact it needs is unknown. */
export const MemoryPartSchema = z.object({
  name: z.enum([
    "weights",
    "gradients",
    "optimizer",
    "adapter",
    "activations",
    "logits",
    "gather",
    "reserve",
  ]),
  gb: z.number().nullable(),
});

/** The memory estimate of one training stage for the layout the plan proposes. */
export const MemoryFitRowSchema = z.object({
  stage: z.string(),
  step: z.string(),
  model: z.string(),
  mode: z.enum(["full", "lora"]),
  /** The layout in words: parallel sizes, micro batch, sequence length, recompute, optimizer. */
  layout: z.string(),
  /** GiB per GPU: the estimate, or a lower bound when `complete` is false. */
  estimateGb: z.number(),
  complete: z.boolean(),
  /** Memory of one GPU (from the request or the GPU type); null when not known. */
  capacityGb: z.number().nullable(),
  headroomGb: z.number().nullable(),
  verdict: z.enum(["fits", "does_not_fit", "unknown"]),
  parts: z.array(MemoryPartSchema),
  /** Facts the estimate lacked, and values it assumed because nothing set them. */
  unknown: z.array(z.string()),
  assumptions: z.array(z.string()),
});
export type MemoryFitRow = z.infer<typeof MemoryFitRowSchema>;
