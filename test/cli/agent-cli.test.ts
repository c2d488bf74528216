import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AgentResultSchema } from "../../src/planner/result.js";
import { cliEnv, runCli } from "../helpers/cli.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";
const CANARY = "CANARY-nvapi-5e1f9a";

describe.skipIf(!hasSnapshot)(
  "ask and resume across processes on a scratch copy of the snapshot",
  () => {
    let root: string;
    let cleanup: () => void;
    let db: string;
    let env: NodeJS.ProcessEnv;

    beforeEach(async () => {
      ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
      db = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-db-")), "threads.sqlite");
      env = cliEnv();
    });
    afterEach(() => cleanup());

    const cli = (...args: string[]) => runCli(["--repo", root, "--db", db, ...args], { env });
    const json = (run: { stdout: string }) => AgentResultSchema.parse(JSON.parse(run.stdout));

    it("stops for approval, lists the session, and writes one config per stage on approve in a new process", async () => {
      writeFileSync(
        path.join(root, "env.toml"),
        `[lepton_sft]\nexecutor = "lepton"\napi_token = "${CANARY}"\n`,
      );
      await simpleGit({ baseDir: root }).add("env.toml").commit("env profile");
      const before = treeSnapshot(root);

      const asked = cli("ask", NANO3, "--json");
      expect(asked.status).toBe(0);
      const first = json(asked);
      expect(first.status).toBe("awaiting_approval");
      expect(addedFiles(before, treeSnapshot(root))).toEqual([]);

      const sessions = cli("sessions", "--json");
      expect(JSON.parse(sessions.stdout)).toEqual([
        expect.objectContaining({
          threadId: first.threadId,
          status: "awaiting_approval",
          request: NANO3,
        }),
      ]);

      const approved = cli("resume", first.threadId, "--approve", "--json");
      expect(approved.status).toBe(0);
      const done = json(approved);
      expect(done.status).toBe("done");
      const added = addedFiles(before, treeSnapshot(root));
      expect(added).toHaveLength(first.plan?.stages.length ?? -1);
      expect(done.files.map((f) => f.path).sort()).toEqual(added);

      const docs = Object.fromEntries(
        added.map((f) => [f, parse(readFileSync(path.join(root, f), "utf8"))]),
      );
      const packing = Object.entries(docs).find(([f]) => f.includes("data_prep/sft_packing"))?.[1];
      const training = Object.entries(docs).find(([f]) => f.includes("sft/megatron_bridge"))?.[1];
      expect(JSON.stringify(packing)).toContain('"/data/chat/train.jsonl"');
      expect(training.seq_length ?? training.dataset.seq_length).toBe(packing.pack_size);

      const status = await simpleGit({ baseDir: root }).status();
      expect(status.modified).toEqual([]);
      expect(status.deleted).toEqual([]);
      for (const command of done.commands) {
        expect(added.some((f) => command.command.includes(`-c ${f} --dry-run`))).toBe(true);
      }

      const again = cli("resume", first.threadId, "--approve", "--json");
      expect(again.status).toBe(6);
      expect(again.stderr).toMatch(/nothing waiting for approval/);
      expect(addedFiles(before, treeSnapshot(root))).toEqual(added);

      const everything = [
        asked.stdout,
        asked.stderr,
        approved.stdout,
        approved.stderr,
        sessions.stdout,
        readFileSync(db).toString("latin1"),
      ];
      for (const file of added) everything.push(readFileSync(path.join(root, file), "utf8"));
      for (const text of everything) expect(text).not.toContain(CANARY);
    });

    it("a secret pasted into a request or a revision reaches neither the output nor the checkpoint store", () => {
      const pasted = "nvapi-PASTED-4c1d9e";
      const asked = cli("ask", `${NANO3}, api_key=${pasted}`, "--json");
      const first = json(asked);
      const revised = cli(
        "resume",
        first.threadId,
        "--revise",
        `use 2 nodes; token=${pasted}`,
        "--json",
      );
      for (const text of [
        asked.stdout,
        asked.stderr,
        revised.stdout,
        revised.stderr,
        readFileSync(db).toString("latin1"),
      ]) {
        expect(text).not.toContain(pasted);
      }
    });

    it("a revision to AutoModel on 4 GPUs drops packing and Megatron-Bridge", () => {
      const first = json(
        cli(
          "ask",
          "Fine-tune Nemotron Nano3 with Megatron-Bridge on my chat JSONL at /data/chat.jsonl on 8 GPUs, outputs under /out/x",
          "--json",
        ),
      );
      expect(first.plan?.stages.map((s) => s.step)).toContain("sft/megatron_bridge");
      const revised = json(
        cli(
          "resume",
          first.threadId,
          "--revise",
          "Actually, use AutoModel instead - we only have 4 GPUs.",
          "--json",
        ),
      );
      const steps = revised.plan?.stages.map((s) => s.step) ?? [];
      expect(steps).toContain("sft/automodel");
      expect(steps).not.toContain("sft/megatron_bridge");
      expect(steps).not.toContain("data_prep/sft_packing");
    });

    it("two threads in one SQLite file from concurrent processes both complete", async () => {
      const { startCli, finished } = await import("../helpers/cli.js");
      const args = (request: string) => [
        "--repo",
        root,
        "--db",
        db,
        "ask",
        request,
        "--json",
        "--yes",
      ];
      const [a, b] = await Promise.all([
        finished(startCli(args(NANO3), { env })),
        finished(startCli(args(NANO3.replace("/out/nano3-sft", "/out/second-run")), { env })),
      ]);
      expect([a.status, b.status]).toEqual([0, 0]);
      expect([json(a).status, json(b).status]).toEqual(["done", "done"]);
      const sessions = JSON.parse(cli("sessions", "--json").stdout);
      expect(sessions).toHaveLength(2);
      // Same plan name, different content: the second thread gets a free name, nothing is overwritten.
      const paths = [...json(a).files, ...json(b).files].map((f) => f.path);
      expect(new Set(paths).size).toBe(paths.length);
    });

    it("marks dry-runs Verified when uv is on PATH and the checkout has pyproject.toml", () => {
      writeFileSync(path.join(root, "pyproject.toml"), '[project]\nname = "nemotron"\n');
      const bin = mkdtempSync(path.join(os.tmpdir(), "nc-fake-uv-"));
      const log = path.join(bin, "calls.log");
      writeFileSync(path.join(bin, "uv"), `#!/bin/sh\necho "$@" >> "${log}"\necho "dry run ok"\n`);
      chmodSync(path.join(bin, "uv"), 0o755);
      env = { ...env, PATH: `${bin}${path.delimiter}${env.PATH ?? ""}` };
      const done = json(cli("ask", NANO3, "--json", "--yes"));
      expect(done.status).toBe("done");
      expect(done.commands.length).toBeGreaterThan(0);
      expect(done.commands.every((c) => c.tier === "Verified")).toBe(true);
      const calls = readFileSync(log, "utf8").trim().split("\n");
      expect(calls).toHaveLength(done.commands.length);
      for (const call of calls)
        expect(call).toMatch(
          /^run nemotron steps run \S+ -c src\/nemotron\/steps\/\S+\.yaml --dry-run$/,
        );
    });

    it("a failing dry-run is reported and the thread ends failed", () => {
      writeFileSync(path.join(root, "pyproject.toml"), '[project]\nname = "nemotron"\n');
      const bin = mkdtempSync(path.join(os.tmpdir(), "nc-fake-uv-"));
      mkdirSync(bin, { recursive: true });
      writeFileSync(path.join(bin, "uv"), "#!/bin/sh\necho 'config key not found' >&2\nexit 3\n");
      chmodSync(path.join(bin, "uv"), 0o755);
      env = { ...env, PATH: `${bin}${path.delimiter}${env.PATH ?? ""}` };
      const run = cli("ask", NANO3, "--json", "--yes");
      expect(run.status).toBe(5);
      const result = json(run);
      expect(result.status).toBe("failed");
      expect(result.markdown).toContain("config key not found");
    });
  },
);
