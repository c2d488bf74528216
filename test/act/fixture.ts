import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";

/** A throwaway folder under the OS temp dir; remove it with `cleanup`. */
export function tempDir(prefix = "nc-act-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function write(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export const STEP_DIR = "src/nemotron/steps/sft/demo";
export const CONFIG_DIR = `${STEP_DIR}/config`;

/** A shipped base config with comments in the places real configs have them. */
export const BASE_CONFIG = `# Demo SFT base config for tests.
# Second line of the file header.

run:
  env:
    container_image: example/image:1.0

# Which model to start from.
hf_model_path: org/base-model

dataset:
  seq_length: 4096 # must match packing
  path: /data/train
  fields:
    - input_ids
    - loss_mask

train:
  # Divisible by the data-parallel size.
  global_batch_size: 8
  micro_batch_size: 1

auth:
  api_key_env: NVIDIA_API_KEY
  api_key: ""
max_tokens: null
`;

const STEP_TOML = `[step]
id = "sft/demo"
name = "Demo SFT"
category = "sft"

[[consumes]]
type = "packed_parquet"

[[produces]]
type = "checkpoint_megatron"

[[parameters]]
name = "checkpoint.pretrained_checkpoint"
description = "Optional starting checkpoint; commented out in the base config."

[[parameters]]
name = "peft"
`;

const TYPES_TOML = `[packed_parquet]
description = "packed rows"

[checkpoint_megatron]
description = "a checkpoint"
`;

/** A minimal checkout: one step (`sft/demo`) with `default` and `tiny` configs. */
export function makeCheckout(root = tempDir()): string {
  write(root, "src/nemotron/steps/types.toml", TYPES_TOML);
  write(root, `${STEP_DIR}/step.toml`, STEP_TOML);
  write(root, `${CONFIG_DIR}/default.yaml`, BASE_CONFIG);
  write(root, `${CONFIG_DIR}/tiny.yaml`, "train:\n  global_batch_size: 2\n");
  return root;
}

/** `git init` plus one commit of everything present, with a local identity. */
export async function commitAll(root: string): Promise<void> {
  const git = simpleGit({ baseDir: root });
  await git.init();
  await git.addConfig("user.name", "Test");
  await git.addConfig("user.email", "test@example.com");
  await git.addConfig("commit.gpgsign", "false");
  await git.add(".");
  await git.commit("fixture");
}

/** `${inner}` as OmegaConf writes it, built without a JS template placeholder. */
export function interp(inner: string): string {
  return `$\{${inner}}`;
}
