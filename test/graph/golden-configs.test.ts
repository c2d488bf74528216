import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { compileAgentGraph } from "../../src/graph/graph.js";
import { ask } from "../../src/session/session.js";
import { repoRoot, SAMPLE } from "../helpers/snapshot.js";

/**
 * Generated configs compared byte for byte with reviewed copies in
 * test/golden/. After an intended change, regenerate with UPDATE_GOLDEN=1 and
 * review the diff.
 */
const GOLDEN = path.join(repoRoot, "test/golden");
const PLANS: Record<string, string> = {
  "nano3-sft-single-node":
    "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft",
  "super3-sft-four-nodes":
    "data prep + SFT for Nemotron Super3 on 4 nodes of 8x H100 with my chat JSONL at /data/super3/chat.jsonl, outputs under /out/super3",
  "pretrain-from-filtered":
    "Continued pretraining of Nemotron Nano3 with Megatron-Bridge on my filtered corpus at /data/corpus/*.jsonl on 2 nodes of 8x H100, outputs under /out/cpt",
};

// Planned against the bundled sample checkout, so the goldens hold only the project's own text.
describe("golden configs", () => {
  for (const [name, request] of Object.entries(PLANS)) {
    it(`${name}: written configs match test/golden/${name}`, async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), "nc-golden-"));
      cpSync(SAMPLE, root, { recursive: true });
      try {
        const graph = compileAgentGraph(createAgentDeps({ path: "" }), new MemorySaver());
        const result = await ask(graph, {
          threadId: name,
          request,
          checkout: { root, source: "flag" },
          autoApprove: true,
        });
        expect(result.status).toBe("done");
        expect(result.files.length).toBeGreaterThan(0);
        for (const file of result.files) {
          const actual = readFileSync(path.join(root, file.path), "utf8");
          const golden = path.join(GOLDEN, name, file.path.replace(/^src\/nemotron\/steps\//, ""));
          if (process.env.UPDATE_GOLDEN) {
            mkdirSync(path.dirname(golden), { recursive: true });
            writeFileSync(golden, actual);
          }
          expect(existsSync(golden), `missing golden ${golden}; run with UPDATE_GOLDEN=1`).toBe(
            true,
          );
          expect(actual).toBe(readFileSync(golden, "utf8"));
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
