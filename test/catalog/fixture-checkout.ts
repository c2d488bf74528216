import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where the steps tree lives inside a checkout (kept literal here so tests check the loader). */
export const STEPS = "src/nemotron/steps";

/** A tiny hand-written checkout: three types, three steps, one pattern, one config set. */
export const FIXTURE_FILES: Readonly<Record<string, string>> = {
  [`${STEPS}/types.toml`]: `[plain_text]
description = "Loose text files"

[clean_text]
description = "Text after filtering"
is_a = ["plain_text"]

[token_shards]
description = "Token ids ready for training"

[weights_native]
description = "Trainer-native weights"
convert_to = { weights_portable = "convert/native_to_portable" }

[weights_portable]
description = "Weights in a portable layout"
`,
  [`${STEPS}/prep/tokenize/step.toml`]: `[step]
id = "prep/tokenize"
name = "Tokenize text"
category = "prep"
description = "Turns filtered text into token shards."
tags = ["prep", "tokens"]

[[consumes]]
type = "clean_text"
description = "Filtered text"

[[produces]]
type = "token_shards"
`,
  [`${STEPS}/train/basic/step.toml`]: `[step]
id = "train/basic"
name = "Basic trainer"
category = "train"
description = "Trains on token shards."
tags = ["train"]

[[consumes]]
type = "token_shards"
required = true

[[consumes]]
type = "weights_native"
required = false
description = "Optional starting weights"

[[produces]]
type = "weights_native"

[[models]]
name = "example/small-model"
default = true
min_gpus = 2

[[parameters]]
name = "seq_len"
default = 1024
choices = [512, 1024, 2048]

[[strategies]]
when = "few records"
then = "lower the batch size"
`,
  [`${STEPS}/train/basic/config/default.yaml`]: `# shipped defaults
train:
  seq_len: 1024
  batch: 8
`,
  [`${STEPS}/train/basic/config/tiny.yaml`]: `train:
  seq_len: 512
`,
  [`${STEPS}/convert/native_to_portable/step.toml`]: `[step]
id = "convert/native_to_portable"
name = "Native to portable"
category = "convert"

[[consumes]]
type = "weights_native"

[[produces]]
type = "weights_portable"
`,
  [`${STEPS}/patterns/shard-before-train.md`]: `---
id: shard-before-train
tags: [prep]
steps: [prep/tokenize]
---

# Shard text before training

Tokenize once, train many times.
`,
};

/** Write the fixture into a fresh temp folder and return its root. */
export function makeFixtureCheckout(prefix = "nc-fixture-"): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(FIXTURE_FILES)) writeAt(root, rel, text);
  return root;
}

export function writeAt(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every path under `dir` (folders too) with its mtime and size, to detect any write. */
export function treeState(dir: string): Map<string, string> {
  const state = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const stat = statSync(full);
      state.set(path.relative(dir, full), `${stat.mtimeMs}:${stat.size}:${entry.isDirectory()}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  const top = statSync(dir);
  state.set(".", `${top.mtimeMs}:${top.size}:true`);
  walk(dir);
  return state;
}

/** Every file named `name` below `dir`, found by a plain walk (no loader rules). */
export function findFiles(dir: string, name: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, name));
    else if (entry.name === name) found.push(full);
  }
  return found.sort();
}
