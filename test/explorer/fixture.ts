import { spawnSync } from "node:child_process";
import type { ScaffoldDraft } from "../../src/explorer/index.js";
import { type Intent, IntentSchema } from "../../src/planner/intent.js";

/** python3 answers on this machine; tests that need its parser skip (with a warning) otherwise. */
export const hasPython = spawnSync("python3", ["--version"]).status === 0;
if (!hasPython) console.warn("[tests] python3 is absent: tests that run Python's ast are skipped.");

/**
 * "Scaffold a new step for DPO with AutoModel on HF checkpoints with preference
 * JSONL (prompt/chosen/rejected), 2 GPUs", as the intent reader would type it.
 */
export function dpoIntent(extra: Partial<Intent> = {}): Intent {
  return IntentSchema.parse({
    route: "explorer",
    goals: ["dpo"],
    requests: [
      "Scaffold a new step for DPO with AutoModel on HF checkpoints with preference JSONL (prompt/chosen/rejected), 2 GPUs",
    ],
    backend: "automodel",
    hardware: { totalGpus: 2 },
    data: { kind: "preference", format: "jsonl", has: ["checkpoint_hf", "training_jsonl"] },
    gap: "dpo on the automodel backend: no catalog step offers it (dpo steps: rl/nemo_rl/dpo)",
    ...extra,
  });
}

/** The draft with one file (by its name inside the step folder) replaced. */
export function withFile(
  draft: ScaffoldDraft,
  name: string,
  edit: (text: string) => string,
): ScaffoldDraft {
  const suffix = `/${name}`;
  if (!draft.files.some((f) => f.path.endsWith(suffix))) throw new Error(`no ${name} in draft`);
  return {
    ...draft,
    files: draft.files.map((f) => (f.path.endsWith(suffix) ? { ...f, text: edit(f.text) } : f)),
  };
}

/** The text of one file of a draft. */
export function fileText(draft: ScaffoldDraft, name: string): string {
  const file = draft.files.find((f) => f.path.endsWith(`/${name}`));
  if (!file) throw new Error(`no ${name} in draft`);
  return file.text;
}

export const codes = (findings: readonly { code: string }[]) => findings.map((f) => f.code);
export const errorCodes = (findings: readonly { code: string; level: string }[]) =>
  findings.filter((f) => f.level === "error").map((f) => f.code);
