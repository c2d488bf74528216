import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CatalogError, loadCatalog, MAX_CHECKOUT_FILE_BYTES } from "../../src/catalog/index.js";
import { terminalSafe } from "../../src/cli/io.js";
import { cliEnv, runCli } from "../helpers/cli.js";
import { scratchCheckout } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { makeFixtureCheckout, removeTree, STEPS, writeAt } from "./fixture-checkout.js";

const DEFAULT = `${STEPS}/train/basic/config/default.yaml`;

function refusal(run: () => unknown): CatalogError {
  try {
    run();
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error("expected a CatalogError");
}

describe("a hostile or broken checkout is read within bounds", () => {
  let root: string;
  beforeEach(() => {
    root = makeFixtureCheckout("nc-hostile-");
  });
  afterEach(() => removeTree(root));

  const replaceDefault = (make: (file: string) => void) => {
    const file = path.join(root, DEFAULT);
    rmSync(file);
    make(file);
  };

  it("refuses a FIFO at default.yaml instead of blocking on it", () => {
    replaceDefault((file) => execFileSync("mkfifo", [file]));
    const error = refusal(() => loadCatalog(root).config("train/basic", "default"));
    expect(error.file).toBe(DEFAULT);
    expect(error.message).toMatch(/named pipe \(FIFO\), not a file/);
  });

  it("refuses a directory named like a config file", () => {
    replaceDefault((file) => mkdirSync(file));
    const error = refusal(() => loadCatalog(root).config("train/basic", "default"));
    expect(error.message).toBe(`${DEFAULT}: a directory, not a file; refusing to read it`);
  });

  it("refuses a file over the size cap with its size", () => {
    replaceDefault((file) => {
      writeFileSync(file, "");
      truncateSync(file, MAX_CHECKOUT_FILE_BYTES + 1);
    });
    const error = refusal(() => loadCatalog(root).config("train/basic", "default"));
    expect(error.message).toContain(`${MAX_CHECKOUT_FILE_BYTES + 1} bytes is over`);
  });

  it("refuses a YAML alias bomb when the config is read, naming the line", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    writeAt(root, DEFAULT, `train:\n  seq_len: 1024\n${levels.join("\n")}\n`);
    const error = refusal(() => loadCatalog(root).config("train/basic", "default"));
    expect(error.file).toBe(DEFAULT);
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/aliases expand too far/);
  });

  it("still refuses duplicate keys, with the line of the second one", () => {
    writeAt(root, DEFAULT, "train:\n  seq_len: 1024\n  batch: 8\n  seq_len: 2048\n");
    const error = refusal(() => loadCatalog(root).config("train/basic", "default"));
    expect(error.message).toBe(`${DEFAULT}:4: invalid YAML: map keys must be unique (seq_len)`);
  });

  it("names a symlinked step folder and a step.toml that is not a file, instead of dropping them", () => {
    const outside = makeFixtureCheckout("nc-hostile-outside-");
    try {
      symlinkSync(
        path.join(outside, STEPS, "prep/tokenize"),
        path.join(root, STEPS, "prep/linked"),
      );
      mkdirSync(path.join(root, STEPS, "train/odd/step.toml"), { recursive: true });
      const catalog = loadCatalog(root);
      expect(catalog.step("prep/tokenize")).toBeDefined();
      expect(catalog.unreadable).toEqual([
        `${STEPS}/prep/linked: a symbolic link in the steps tree; it is not followed, so any step behind it is not read`,
        `${STEPS}/train/odd/step.toml: step.toml is not a regular file`,
      ]);
    } finally {
      removeTree(outside);
    }
  });

  it("refuses a FIFO at a step.toml's place as an unreadable step, not a hang", () => {
    const manifest = path.join(root, STEPS, "convert/native_to_portable/step.toml");
    rmSync(manifest);
    execFileSync("mkfifo", [manifest]);
    const catalog = loadCatalog(root);
    expect(catalog.step("convert/native_to_portable")).toBeUndefined();
    expect(catalog.unreadable).toEqual([
      `${STEPS}/convert/native_to_portable/step.toml: step.toml is not a regular file`,
    ]);
  });

  it("keeps escape sequences in catalog text away from the terminal", () => {
    expect(
      terminalSafe("Basic \u001b[31mtrainer\u001b[0m\u0007 \u001b]0;title\u0007ok\r\n\tdone"),
    ).toBe("Basic trainer ok\n\tdone");
    const manifest = `${STEPS}/train/basic/step.toml`;
    writeAt(
      root,
      manifest,
      `[step]\nid = "train/basic"\nname = "Basic \\u001b[2J\\u001b[31mtrainer"\ncategory = "train"\n\n[[consumes]]\ntype = "token_shards"\n\n[[produces]]\ntype = "weights_native"\n`,
    );
    const run = runCli(["--repo", root, "steps", "show", "train/basic"], { env: cliEnv() });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Basic trainer");
    expect(run.stdout).not.toContain("\u001b");
  });
});

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

describe.skipIf(!hasSnapshot)("planning on a hostile copy of the real catalog", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
  });
  afterEach(() => cleanup());

  const ask = () =>
    runCli(["--repo", root, "--db", path.join(root, "t.sqlite"), "ask", NANO3, "--json"], {
      env: cliEnv(),
    });

  it("ends `ask` on a FIFO default.yaml with exit 3 and the file named", () => {
    const rel = `${STEPS}/sft/megatron_bridge/config/default.yaml`;
    rmSync(path.join(root, rel));
    execFileSync("mkfifo", [path.join(root, rel)]);
    const run = ask();
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toBe(
      `error: ${rel}: a named pipe (FIFO), not a file; refusing to read it`,
    );
  });

  it("ends `ask` on an alias bomb at plan time with exit 3 and file:line", () => {
    const rel = `${STEPS}/sft/megatron_bridge/config/default.yaml`;
    const bomb = ["bomb0: &b0 [x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `bomb${i}: &b${i} [${Array(8)
          .fill(`*b${i - 1}`)
          .join(", ")}]`,
      );
    writeFileSync(path.join(root, rel), `${bomb.join("\n")}\n`);
    const run = ask();
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(`^error: ${rel}:2: invalid YAML: aliases expand too far`),
    );
  });

  it("plans with a WARNING naming a symlinked step folder", () => {
    const dir = path.join(root, STEPS, "sft/megatron_bridge");
    const real = path.join(root, "elsewhere-megatron_bridge");
    renameSync(dir, real);
    symlinkSync(real, dir);
    const run = ask();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `WARNING: ${STEPS}/sft/megatron_bridge: a symbolic link in the steps tree; it is not followed`,
    );
  });
});
