import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import { parse as parseToml } from "smol-toml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findOnPath } from "../../src/act/command-runner.js";
import { createAgentDeps } from "../../src/graph/deps.js";
import { type AgentGraph, compileAgentGraph } from "../../src/graph/graph.js";
import { ask, resume } from "../../src/session/session.js";
import { filesTxtCheckout } from "../helpers/files-txt-checkout.js";
import { addedFiles, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot } from "../helpers/snapshot.js";

const DPO =
  "Scaffold a new step for DPO with AutoModel on HF checkpoints with preference JSONL (prompt/chosen/rejected), 2 GPUs";
const python = findOnPath("python3", process.env.PATH);

describe.skipIf(!hasSnapshot || !python)(
  "Explorer mode on a scratch checkout laid out from FILES.txt",
  () => {
    let root: string;
    let cleanup: () => void;
    let graph: AgentGraph;
    beforeEach(async () => {
      ({ root, cleanup } = await filesTxtCheckout({ git: true }));
      graph = compileAgentGraph(createAgentDeps({ path: "" }), new MemorySaver());
    });
    afterEach(() => cleanup());

    const start = (request: string) =>
      ask(graph, { threadId: "x", request, checkout: { root, source: "flag" } });

    it("an unsupported model is named, with Explorer mode as the way forward, and nothing is planned or written", async () => {
      const before = treeSnapshot(root);
      const result = await start(
        "Fine-tune Falcon-Mamba-999B on my chat JSONL at /data/chat.jsonl",
      );
      expect(result.markdown).toMatch(/not supported/i);
      expect(result.markdown).toMatch(/Explorer mode/);
      expect(result.plan?.stages ?? []).toEqual([]);
      expect(result.status).not.toBe("awaiting_approval");
      expect(addedFiles(before, treeSnapshot(root))).toEqual([]);
    });

    it("a DPO-with-AutoModel gap stops for approval, then writes one step folder that passes every check", async () => {
      const before = treeSnapshot(root);
      const first = await start(DPO);
      expect(first.route).toBe("explorer");
      expect(first.status).toBe("awaiting_approval");
      expect(addedFiles(before, treeSnapshot(root))).toEqual([]);

      const done = await resume(graph, "x", { type: "approve" });
      expect(done.status).toBe("done");
      const added = addedFiles(before, treeSnapshot(root));
      const dirs = new Set(added.map((f) => f.split("/").slice(0, 5).join("/")));
      expect(dirs.size).toBe(1);
      const [dir] = [...dirs];
      expect(added).toEqual(
        expect.arrayContaining([
          `${dir}/step.toml`,
          `${dir}/step.py`,
          `${dir}/config/default.yaml`,
          `${dir}/README.md`,
        ]),
      );

      const stepPy = path.join(root, `${dir}/step.py`);
      execFileSync(python ?? "python3", [
        "-c",
        "import ast,sys; ast.parse(open(sys.argv[1]).read())",
        stepPy,
      ]);
      expect(readFileSync(stepPy, "utf8").split("\n").length).toBeLessThanOrEqual(61);
      const manifest = parseToml(readFileSync(path.join(root, `${dir}/step.toml`), "utf8"));
      expect(manifest.step).toMatchObject({ id: dir?.replace("src/nemotron/steps/", "") });
      expect(done.markdown).toMatch(/UPSTREAM/);
      expect(done.commands.some((c) => c.command.includes("--dry-run"))).toBe(true);
    });
  },
);
