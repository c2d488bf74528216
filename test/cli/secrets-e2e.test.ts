import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentResultSchema } from "../../src/planner/result.js";
import { cliEnv, runCli } from "../helpers/cli.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { SECRET_SHAPES } from "../secrets/corpus.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft.";

/** Values only the env file knows: no rule could recognise them, only the file can. */
const ENV_CANARIES = ["EnvOnlyValue4711", "plainpass0815"];

describe.skipIf(!hasSnapshot)("no canary of the secrets corpus survives a whole thread", () => {
  let root: string;
  let cleanup: () => void;
  const outputs: string[] = [];
  let db = "";
  const env = cliEnv();
  beforeAll(async () => {
    ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
    db = path.join(root, "..", `${path.basename(root)}-threads.sqlite`);
    writeFileSync(
      path.join(root, "env.toml"),
      `[local]\nexecutor = "local"\nWANDB_API_KEY = "${ENV_CANARIES[0]}"\n\n[cluster]\npassword = "${ENV_CANARIES[1]}"\n`,
    );
  });
  afterAll(() => cleanup?.());

  const third = Math.ceil(SECRET_SHAPES.length / 3);
  const part = (i: number) =>
    SECRET_SHAPES.slice(i * third, (i + 1) * third)
      .map((s) => s.text)
      .join("\n");
  const cli = (args: string[]) => {
    const run = runCli(["--repo", root, "--db", db, ...args], { env });
    outputs.push(run.stdout, run.stderr);
    return run;
  };

  it("through request, revise, answer, approval and env files", () => {
    const before = treeSnapshot(root);
    const asked = cli([
      "ask",
      `${NANO3}\n${part(0)}\nmy wandb value is ${ENV_CANARIES[0]}`,
      "--json",
    ]);
    expect(asked.status, asked.stderr).toBe(0);
    const { threadId } = AgentResultSchema.parse(JSON.parse(asked.stdout));
    const revised = cli(["resume", threadId, "--revise", `Keep the plan.\n${part(1)}`, "--json"]);
    expect(revised.status, revised.stderr).toBe(0);
    const answered = cli([
      "resume",
      threadId,
      "--answer",
      `${part(2)}\nalso ${ENV_CANARIES[1]}`,
      "--json",
    ]);
    expect(answered.status, answered.stderr).toBe(0);
    const approved = cli(["resume", threadId, "--approve", "--json"]);
    expect(approved.status, approved.stderr).toBe(0);
    expect(AgentResultSchema.parse(JSON.parse(approved.stdout)).status).toBe("done");
    cli(["sessions", "--json"]);
    cli(["sessions"]);
    const written = addedFiles(before, treeSnapshot(root));
    expect(written.length).toBeGreaterThan(0);
    const texts = [
      ...outputs,
      ...written.map((f) => readFileSync(path.join(root, f), "utf8")),
      ...[db, `${db}-wal`]
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString("latin1")),
    ];
    const canaries = [...SECRET_SHAPES.map((s) => s.canary), ...ENV_CANARIES];
    for (const canary of canaries) {
      for (const text of texts) expect(text.includes(canary), canary).toBe(false);
    }
  }, 300_000);

  it("through --db URLs in errors", () => {
    const urls = SECRET_SHAPES.filter((s) => s.text.startsWith("postgres"));
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const shape of urls) {
      const target = shape.text
        .replace("db.internal:5432", "127.0.0.1:1")
        .replace("db.internal", "127.0.0.1:1");
      const run = runCli(["--db", target, "sessions"], { env });
      expect(run.status).toBe(3);
      expect(run.stderr).toContain("error: cannot use PostgreSQL at ");
      expect(run.stderr).not.toContain(shape.canary);
      expect(run.stdout).not.toContain(shape.canary);
    }
  }, 120_000);

  it("left no temp file", () => {
    const temps: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
        else if (entry.name.endsWith(".tmp")) temps.push(entry.name);
      }
    };
    walk(path.join(root, "src/nemotron/steps"));
    expect(temps).toEqual([]);
  });
});
