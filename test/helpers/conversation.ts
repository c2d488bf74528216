import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { addedFiles, treeSnapshot } from "./scratch.js";

/** One conversation, replayed through every channel: a request, a revision, an answer, approval. */
export const OPENING =
  "Fine-tune Nemotron Nano3 on my chat data with Megatron-Bridge on one local node of 8x H100, outputs under /out/first-try";
export const REVISION = "Actually, put the outputs under /out/revised";
export const ANSWER = "data.path: /data/chat/revised.jsonl";

/** Files a run added to a checkout, with their sha256, sorted by path. */
export function addedWithHashes(root: string, before: Map<string, string>) {
  return addedFiles(before, treeSnapshot(root)).map((file) => ({
    path: file,
    sha256: createHash("sha256")
      .update(readFileSync(path.join(root, file)))
      .digest("hex"),
  }));
}

/**
 * The parts of a thread's state every channel must agree on. `requests` is
 * left out: on the `requests` channel the replies themselves are requests.
 */
export function comparable(values: {
  status?: string;
  intent?: unknown;
  currentPlan?: { name: string; stages: { step: string; params: unknown }[] } | null;
  files?: { path: string; sha256: string }[];
}) {
  return {
    status: values.status,
    intent: values.intent,
    plan: values.currentPlan
      ? {
          name: values.currentPlan.name,
          stages: values.currentPlan.stages.map((s) => ({ step: s.step, params: s.params })),
        }
      : null,
    files: values.files,
  };
}
