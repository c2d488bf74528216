import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadCatalog, TomlValueSchema } from "../../src/catalog/index.js";
import {
  FIXTURE_FILES,
  makeFixtureCheckout,
  removeTree,
  STEPS,
  treeState,
  writeAt,
} from "../catalog/fixture-checkout.js";
import { hasSnapshot, repoRoot, SAMPLE, SNAPSHOT } from "../helpers/snapshot.js";

const BIN = path.join(repoRoot, "bin/nemotron-customize.js");
const MAIN = path.join(repoRoot, "dist/src/cli/main.js");
const INPUT_EXIT = 3;
const SAMPLE_NOTE = /bundled sample checkout/;
/** The CLI caches manifests per user; tests keep that cache in a temp folder of their own. */
const CACHE_DIR = mkdtempSync(path.join(os.tmpdir(), "nc-cli-cache-"));

/** The documented JSON shape of one step; strict objects, so extra or missing keys fail. */
const Port = z.strictObject({ type: z.string(), required: z.boolean(), description: z.string() });
const StepJson = z.strictObject({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  path: z.string(),
  consumes: z.array(Port),
  produces: z.array(Port),
  parameters: z.array(
    z.strictObject({
      name: z.string(),
      default: TomlValueSchema.nullable(),
      description: z.string(),
      choices: z.array(TomlValueSchema).nullable(),
    }),
  ),
  models: z.array(
    z.strictObject({
      name: z.string(),
      default: z.boolean(),
      min_gpus: z.number().nullable(),
      description: z.string(),
    }),
  ),
  strategies: z.array(z.strictObject({ when: z.string(), then: z.string() })),
  configs: z.array(z.string()),
});
const StepList = z.array(StepJson);

interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** Run the built binary with NEMOTRON_REPO cleared unless given, and the test cache folder. */
function run(args: string[], options: RunOptions = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NEMOTRON_CUSTOMIZE_CACHE_DIR: CACHE_DIR };
  delete env.NEMOTRON_REPO;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...env, ...options.env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(stderr: string): void {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(stderr).not.toMatch(/^\s+at /m);
}

afterAll(() => removeTree(CACHE_DIR));

beforeAll(() => {
  if (existsSync(MAIN)) return;
  spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repoRoot, encoding: "utf8" });
  if (!existsSync(MAIN)) throw new Error(`build did not produce ${MAIN}`);
});

describe.skipIf(!hasSnapshot)("catalog CLI on the real snapshot", () => {
  const catalog = hasSnapshot ? loadCatalog(SNAPSHOT) : undefined;
  const onSnapshot = (...args: string[]) => run(["--repo", SNAPSHOT, ...args]);

  it("steps list --json lists every step with the documented keys", () => {
    const result = onSnapshot("steps", "list", "--json");
    expect(result.status, result.stderr).toBe(0);
    const steps = StepList.parse(JSON.parse(result.stdout));
    expect(steps.map((s) => s.id)).toEqual(catalog?.steps.map((s) => s.id));
    expect(result.stderr).toBe("");
  });

  it("filters by consumed artifact type", () => {
    const result = onSnapshot("steps", "list", "--consumes", "packed_parquet", "--json");
    expect(result.status, result.stderr).toBe(0);
    const ids = StepList.parse(JSON.parse(result.stdout)).map((s) => s.id);
    expect(ids.sort()).toEqual(["peft/megatron_bridge", "sft/megatron_bridge"]);
  });

  it("steps show gives models with GPU minimums", () => {
    const result = onSnapshot("steps", "show", "sft/megatron_bridge", "--json");
    expect(result.status, result.stderr).toBe(0);
    const step = StepJson.parse(JSON.parse(result.stdout));
    expect(step.models.map((m) => m.min_gpus)).toEqual([8, 8, 32]);
  });

  it("types --json and patterns --json parse and match the catalog", () => {
    const types = onSnapshot("types", "--json");
    expect(types.status, types.stderr).toBe(0);
    const rows = z
      .array(z.object({ name: z.string(), is_a: z.array(z.string()) }))
      .parse(JSON.parse(types.stdout));
    expect(rows.map((r) => r.name).sort()).toEqual(
      [...(catalog?.artifacts.types.keys() ?? [])].sort(),
    );
    const patterns = onSnapshot("--json", "patterns");
    expect(patterns.status, patterns.stderr).toBe(0);
    const list = z
      .array(z.object({ id: z.string(), title: z.string() }))
      .parse(JSON.parse(patterns.stdout));
    expect(list).toHaveLength(catalog?.patterns.length ?? -1);
  });

  it("steps list without --json prints a table", () => {
    const result = onSnapshot("steps", "list");
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^STEP\s+CONSUMES\s+PRODUCES\s+CONFIGS/);
    for (const step of catalog?.steps ?? []) {
      expect(lines.some((l) => l.startsWith(`${step.id} `))).toBe(true);
    }
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  it("an unknown step exits 3 with one line on stderr", () => {
    const result = onSnapshot("steps", "show", "sft/no_such_step");
    expect(result.status).toBe(INPUT_EXIT);
    expect(result.stdout).toBe("");
    expectOneLineError(result.stderr);
    expect(result.stderr).toContain("sft/no_such_step");
  });

  it("prints the same JSON from its cache as from source", () => {
    const args = ["--repo", SNAPSHOT, "steps", "list", "--json"];
    const uncached = run(args, { env: { NEMOTRON_CUSTOMIZE_CACHE_DIR: "off" } });
    const fresh = mkdtempSync(path.join(os.tmpdir(), "nc-cli-cache-fresh-"));
    try {
      const first = run(args, { env: { NEMOTRON_CUSTOMIZE_CACHE_DIR: fresh } });
      expect(readdirSync(fresh).filter((n) => n.endsWith(".json"))).toHaveLength(1);
      const second = run(args, { env: { NEMOTRON_CUSTOMIZE_CACHE_DIR: fresh } });
      expect(uncached.status, uncached.stderr).toBe(0);
      expect(first.stdout).toBe(uncached.stdout);
      expect(second.stdout).toBe(uncached.stdout);
      const types = ["--repo", SNAPSHOT, "types", "--json"];
      const cachedTypes = run(types, { env: { NEMOTRON_CUSTOMIZE_CACHE_DIR: fresh } });
      const sourceTypes = run(types, { env: { NEMOTRON_CUSTOMIZE_CACHE_DIR: "off" } });
      expect(cachedTypes.stdout).toBe(sourceTypes.stdout);
    } finally {
      removeTree(fresh);
    }
  });

  it("honours NEMOTRON_REPO", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "nc-cli-env-"));
    try {
      const result = run(["steps", "list", "--json"], {
        cwd: empty,
        env: { NEMOTRON_REPO: SNAPSHOT },
      });
      expect(result.status, result.stderr).toBe(0);
      expect(StepList.parse(JSON.parse(result.stdout))).toHaveLength(catalog?.steps.length ?? -1);
      expect(result.stderr).not.toMatch(SAMPLE_NOTE);
    } finally {
      removeTree(empty);
    }
  });
});

describe("catalog CLI on a fixture checkout", () => {
  let root: string;
  beforeAll(() => {
    root = makeFixtureCheckout("nc-cli-fixture-");
  });
  afterAll(() => removeTree(root));

  it("finds the checkout from a subdirectory", () => {
    const result = run(["steps", "list", "--json"], {
      cwd: path.join(root, STEPS, "train/basic/config"),
    });
    expect(result.status, result.stderr).toBe(0);
    const ids = StepList.parse(JSON.parse(result.stdout)).map((s) => s.id);
    expect(ids).toEqual(["convert/native_to_portable", "prep/tokenize", "train/basic"]);
    expect(result.stderr).not.toMatch(SAMPLE_NOTE);
  });

  it("prefers --repo over NEMOTRON_REPO", () => {
    const other = makeFixtureCheckout("nc-cli-other-");
    try {
      writeAt(
        other,
        `${STEPS}/extra/one/step.toml`,
        '[step]\nid = "extra/one"\nname = "E"\ncategory = "extra"\n',
      );
      const result = run(["--repo", root, "steps", "list", "--json"], {
        env: { NEMOTRON_REPO: other },
      });
      expect(result.status, result.stderr).toBe(0);
      expect(StepList.parse(JSON.parse(result.stdout))).toHaveLength(3);
    } finally {
      removeTree(other);
    }
  });

  it("a path that does not exist exits 3 naming it", () => {
    const missing = path.join(root, "does-not-exist");
    const result = run(["--repo", missing, "steps", "list"]);
    expect(result.status).toBe(INPUT_EXIT);
    expectOneLineError(result.stderr);
    expect(result.stderr).toContain(missing);
  });

  it("notices an edited manifest even after a cached run", () => {
    const checkout = makeFixtureCheckout("nc-cli-cached-");
    try {
      const rel = `${STEPS}/prep/tokenize/step.toml`;
      const good = run(["--repo", checkout, "steps", "list", "--json"]);
      expect(good.status, good.stderr).toBe(0);
      writeAt(checkout, rel, (FIXTURE_FILES[rel] ?? "").replace("clean_text", "unknown_text"));
      const broken = run(["--repo", checkout, "steps", "list", "--json"]);
      expect(broken.status).toBe(INPUT_EXIT);
      expect(broken.stderr).toMatch(/prep\/tokenize\/step\.toml:\d+:\d+: .*unknown_text/);
    } finally {
      removeTree(checkout);
    }
  });

  it("never writes into the checkout", () => {
    const before = treeState(root);
    for (const args of [
      ["steps", "list"],
      ["steps", "show", "train/basic"],
      ["types"],
      ["patterns"],
    ]) {
      const result = run(["--repo", root, ...args]);
      expect(result.status, result.stderr).toBe(0);
    }
    expect(treeState(root)).toEqual(before);
  });

  it("a malformed manifest exits 3 with file:line:col", () => {
    const broken = makeFixtureCheckout("nc-cli-broken-");
    try {
      const rel = `${STEPS}/prep/tokenize/step.toml`;
      writeAt(broken, rel, (FIXTURE_FILES[rel] ?? "").replace("[[produces]]", "[[produces]"));
      const result = run(["--repo", broken, "steps", "list", "--json"]);
      expect(result.status).toBe(INPUT_EXIT);
      // With --json, stdout carries only the failure object; the message is on stderr too.
      expect(JSON.parse(result.stdout)).toMatchObject({
        status: "failed",
        error: { code: INPUT_EXIT, kind: "input" },
      });
      expectOneLineError(result.stderr);
      expect(result.stderr).toMatch(/prep\/tokenize\/step\.toml:\d+:\d+: /);
    } finally {
      removeTree(broken);
    }
  });
});

describe("catalog CLI without any checkout", () => {
  const hasSample = existsSync(path.join(SAMPLE, "src/nemotron/steps"));
  if (!hasSample)
    console.warn(`[tests] ${SAMPLE} has no steps yet: the bundled-sample CLI test is skipped.`);

  it("exits 3 naming /nonexistent", () => {
    const result = run(["--repo", "/nonexistent", "steps", "list"]);
    expect(result.status).toBe(INPUT_EXIT);
    expectOneLineError(result.stderr);
    expect(result.stderr).toContain("/nonexistent");
  });

  it.skipIf(!hasSample)("says on stderr that the bundled sample checkout is used", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "nc-cli-empty-"));
    try {
      const result = run(["steps", "list", "--json"], { cwd: empty });
      expect(result.stderr).toMatch(SAMPLE_NOTE);
      expect(result.status, result.stderr).toBe(0);
      const expected = loadCatalog(SAMPLE).steps.map((s) => s.id);
      expect(StepList.parse(JSON.parse(result.stdout)).map((s) => s.id)).toEqual(expected);
    } finally {
      removeTree(empty);
    }
  });
});
