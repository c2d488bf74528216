import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { EvalCase } from "../../src/eval/case-schema.js";
import { loadCases } from "../../src/eval/index.js";
import type { AgentResult } from "../../src/planner/result.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

/**
 * The fast start-up paths (rules from the build's compiled copy, the catalog
 * and its pattern ids from the validated cache) must answer exactly as the
 * slow ones (YAML rules, catalog from source): same JSON for every eval case.
 * Each path runs in fresh module instances, so no loader cache is shared.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), "nc-startup-paths-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Turns = Record<string, unknown[]>;

async function runEveryCase(fast: boolean): Promise<Turns> {
  vi.resetModules();
  const rulesCache = await import("../../src/planner/rules-cache.js");
  await import("../../src/planner/intent-reader/index.js");
  await import("../../src/planner/rules/index.js");
  await import("../../src/planner/commands/index.js");
  await import("../../src/validators/memory-fit/data.js");
  rulesCache.useCompiledRules(fast ? rulesCache.compileDeclaredRules() : null);
  for (const file of rulesCache.declaredRuleFiles()) {
    expect(rulesCache.loadDeclaredRules(file).from).toBe(fast ? "compiled" : "yaml");
  }
  const { loadCatalogCached } = await import("../../src/catalog/index.js");
  const { createAgentDeps } = await import("../../src/graph/deps.js");
  const { createGraphDriver } = await import("../../src/session/eval-driver.js");
  const cacheDir = fast ? path.join(scratch, "cache") : undefined;
  const out: Turns = {};
  for (const evalCase of loadCases()) {
    const root = checkoutFor(evalCase, fast);
    // Fill the cache as an earlier process would; the agent then reads it.
    if (cacheDir) loadCatalogCached(root.root, cacheDir);
    const driver = createGraphDriver(createAgentDeps({ path: "", catalogCacheDir: cacheDir }));
    const threadId = `paths-${evalCase.id}`;
    const results: AgentResult[] = [await driver.ask(threadId, evalCase.request, root)];
    for (const turn of evalCase.turns) {
      const last = results.at(-1);
      const waiting = last?.status === "awaiting_approval" || last?.status === "needs_input";
      if (!waiting && (turn.kind === "revise" || turn.kind === "answer")) {
        results.push(await driver.ask(threadId, turn.text, root));
      } else {
        const reply = "text" in turn ? { type: turn.kind, text: turn.text } : { type: turn.kind };
        results.push(await driver.resume(threadId, reply));
      }
    }
    out[evalCase.id] = results.map(({ threadId: _id, ...rest }) =>
      JSON.parse(JSON.stringify(rest).split(root.root).join("<checkout>")),
    );
  }
  return out;
}

function checkoutFor(evalCase: EvalCase, fast: boolean): { root: string; envFile?: string } {
  const writes = evalCase.setup !== undefined || evalCase.turns.some((t) => t.kind === "approve");
  if (!writes) return { root: SNAPSHOT };
  const root = path.join(scratch, fast ? "fast" : "slow", evalCase.id);
  cpSync(SNAPSHOT, root, { recursive: true });
  const setup = evalCase.setup;
  if (setup?.envToml) writeFileSync(path.join(root, setup.envFile ?? "env.toml"), setup.envToml);
  return setup?.envFile ? { root, envFile: setup.envFile } : { root };
}

describe.skipIf(!hasSnapshot)("fast start-up paths", () => {
  it("give the same JSON as the source paths for every eval case", async () => {
    const slow = await runEveryCase(false);
    const fast = await runEveryCase(true);
    expect(Object.keys(fast).length).toBeGreaterThanOrEqual(60);
    for (const id of Object.keys(slow)) expect(fast[id], id).toEqual(slow[id]);
  }, 240_000);
});
