import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, symlinkSync, unlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActError, sha256, writeStageConfigs } from "../../src/act/index.js";
import {
  CONFIG_DIR,
  cleanup,
  commitAll,
  makeCheckout,
  STEP_DIR,
  tempDir,
  write,
} from "./fixture.js";

const run = promisify(execFile);
const TARGET = `${CONFIG_DIR}/my_plan.yaml`;
const TEXT = "train:\n  global_batch_size: 64\n";

async function refusal(run: () => Promise<unknown>): Promise<ActError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ActError) return error;
    throw error;
  }
  throw new Error("expected an ActError");
}

let root = "";
let outside = "";
beforeEach(() => {
  root = makeCheckout();
  outside = tempDir("nc-act-outside-");
});
afterEach(() => {
  cleanup(root);
  cleanup(outside);
});

describe("writeStageConfigs", () => {
  it("creates a new file beside the shipped configs and reports its hash", async () => {
    const result = await writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] });
    expect(result).toEqual({
      written: [{ path: TARGET, sha256: sha256(TEXT) }],
      unchanged: [],
      renamed: [],
    });
    expect(readFileSync(path.join(root, TARGET), "utf8")).toBe(TEXT);
    expect(readdirSync(path.join(root, CONFIG_DIR)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("reports an identical existing file as unchanged without writing", async () => {
    await writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] });
    const again = await writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] });
    expect(again).toEqual({
      written: [],
      unchanged: [{ path: TARGET, sha256: sha256(TEXT) }],
      renamed: [],
    });
  });

  it("never overwrites different content: the new file takes the next free -N name", async () => {
    write(root, TARGET, "someone: else\n");
    write(root, `${CONFIG_DIR}/my_plan-2.yaml`, "another: file\n");
    const result = await writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] });
    const moved = `${CONFIG_DIR}/my_plan-3.yaml`;
    expect(result.written).toEqual([{ path: moved, sha256: sha256(TEXT) }]);
    expect(result.renamed).toEqual([{ from: TARGET, to: moved }]);
    expect(readFileSync(path.join(root, TARGET), "utf8")).toBe("someone: else\n");
    const rerun = await writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] });
    expect(rerun.written).toEqual([]);
    expect(rerun.unchanged).toEqual([{ path: moved, sha256: sha256(TEXT) }]);
  });

  it("writes once when two writers race for the same files", async () => {
    const files = [
      { path: TARGET, text: TEXT },
      { path: `${CONFIG_DIR}/second.yaml`, text: "x: 1\n" },
    ];
    const [a, b] = await Promise.all([
      writeStageConfigs({ root, files, git: false }),
      writeStageConfigs({ root, files, git: false }),
    ]);
    expect([...(a?.written ?? []), ...(b?.written ?? [])].map((f) => f.path).sort()).toEqual(
      files.map((f) => f.path).sort(),
    );
    expect([...(a?.unchanged ?? []), ...(b?.unchanged ?? [])]).toHaveLength(2);
    expect([...(a?.renamed ?? []), ...(b?.renamed ?? [])]).toEqual([]);
  });

  it("writes once when several processes race for the same files", async () => {
    const files = [
      { path: TARGET, text: TEXT },
      { path: `${CONFIG_DIR}/second.yaml`, text: "x: 1\n" },
      { path: `${CONFIG_DIR}/third.yaml`, text: "y: 2\n" },
    ];
    const worker = fileURLToPath(new URL("./write-worker.ts", import.meta.url));
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() =>
        run(process.execPath, ["--import", "tsx", worker, root, JSON.stringify(files)]).then(
          ({ stdout }) => JSON.parse(stdout),
        ),
      ),
    );
    const written = runs.flatMap((r) => r.written.map((f: { path: string }) => f.path)).sort();
    expect(written).toEqual(files.map((f) => f.path).sort());
    expect(runs.flatMap((r) => r.unchanged)).toHaveLength(files.length * 3);
    expect(runs.flatMap((r) => r.renamed)).toEqual([]);
    expect(readdirSync(path.join(root, CONFIG_DIR)).sort()).toEqual(
      ["default.yaml", "my_plan.yaml", "second.yaml", "third.yaml", "tiny.yaml"].sort(),
    );
  });

  it("after a crash half-way, a re-run writes only what is missing", async () => {
    const files = [
      { path: TARGET, text: TEXT },
      { path: `${CONFIG_DIR}/second.yaml`, text: "x: 1\n" },
    ];
    write(root, TARGET, TEXT);
    const result = await writeStageConfigs({ root, files });
    expect(result.unchanged.map((f) => f.path)).toEqual([TARGET]);
    expect(result.written.map((f) => f.path)).toEqual([`${CONFIG_DIR}/second.yaml`]);
  });

  it("refuses paths outside a step's config directory, with .. or inside .git", async () => {
    for (const bad of [
      `${CONFIG_DIR}/../../../../../../escape.yaml`,
      `${CONFIG_DIR}/../step.toml`,
      `${STEP_DIR}/new.yaml`,
      "src/nemotron/steps/sft/nostep/config/x.yaml",
      ".git/config/x.yaml",
      path.join(outside, "abs.yaml"),
    ]) {
      const error = await refusal(() =>
        writeStageConfigs({ root, files: [{ path: bad, text: TEXT }] }),
      );
      expect(["path_outside", "path_in_git"]).toContain(error.code);
    }
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses a config directory that is a symlink to somewhere else", async () => {
    const linkedStep = "src/nemotron/steps/sft/linked";
    write(root, `${linkedStep}/step.toml`, "");
    symlinkSync(outside, path.join(root, linkedStep, "config"));
    const error = await refusal(() =>
      writeStageConfigs({ root, files: [{ path: `${linkedStep}/config/x.yaml`, text: TEXT }] }),
    );
    expect(error.code).toBe("path_symlink");
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses a target that is itself a symlink, even a dangling one", async () => {
    symlinkSync(path.join(outside, "victim.yaml"), path.join(root, TARGET));
    const error = await refusal(() =>
      writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] }),
    );
    expect(error.code).toBe("path_symlink");
    expect(existsSync(path.join(outside, "victim.yaml"))).toBe(false);
  });

  it("writes nothing when any file of the batch is refused", async () => {
    const files = [
      { path: TARGET, text: TEXT },
      { path: `${CONFIG_DIR}/../../escape.yaml`, text: TEXT },
    ];
    await refusal(() => writeStageConfigs({ root, files }));
    expect(existsSync(path.join(root, TARGET))).toBe(false);
  });

  it("refuses text holding a secret from the env files, naming only the path", async () => {
    const secret = "hf_canary_write_5521";
    write(
      root,
      "env.toml",
      `[local]\nexecutor = "local"\n[local.env_vars]\nHF_TOKEN = "${secret}"\n`,
    );
    const error = await refusal(() =>
      writeStageConfigs({ root, files: [{ path: TARGET, text: `token: ${secret}\n` }] }),
    );
    expect(error.code).toBe("secret_value");
    expect(error.message).not.toContain(secret);
    expect(existsSync(path.join(root, TARGET))).toBe(false);
  });

  it("lets Explorer write inside the new step folder it names, and nowhere else", async () => {
    const newStep = "src/nemotron/steps/sft/brand_new";
    const result = await writeStageConfigs({
      root,
      allowedDir: newStep,
      files: [
        { path: `${newStep}/step.toml`, text: "[step]\n" },
        { path: `${newStep}/config/default.yaml`, text: TEXT },
      ],
    });
    expect(result.written.map((f) => f.path)).toEqual([
      `${newStep}/step.toml`,
      `${newStep}/config/default.yaml`,
    ]);
    const error = await refusal(() =>
      writeStageConfigs({ root, allowedDir: newStep, files: [{ path: TARGET, text: TEXT }] }),
    );
    expect(error.code).toBe("path_outside");
  });
});

describe("writeStageConfigs in a git repository", () => {
  it("refuses a path git tracks, even when the file was deleted from disk", async () => {
    write(root, TARGET, TEXT);
    await commitAll(root);
    unlinkSync(path.join(root, TARGET));
    const error = await refusal(() =>
      writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] }),
    );
    expect(error.code).toBe("path_tracked");
    expect(existsSync(path.join(root, TARGET))).toBe(false);
  });

  it("skips a tracked name when looking for a free -N name", async () => {
    const tracked = `${CONFIG_DIR}/my_plan-2.yaml`;
    write(root, tracked, "shipped: 1\n");
    await commitAll(root);
    unlinkSync(path.join(root, tracked));
    write(root, TARGET, "local: draft\n");
    const result = await writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] });
    expect(result.written.map((f) => f.path)).toEqual([`${CONFIG_DIR}/my_plan-3.yaml`]);
    expect(existsSync(path.join(root, tracked))).toBe(false);
  });
});

describe("writeStageConfigs is all or nothing", () => {
  it("removes the files it linked and every temp file when a later file fails, naming path and reason", async () => {
    const first = `${CONFIG_DIR}/plan_a.yaml`;
    const second = `${CONFIG_DIR}/plan_b.yaml`;
    // The second name is taken by other content, and looking for a free name fails with an I/O error.
    write(root, second, "other: content\n");
    const git = async (rel: string) => {
      if (rel.endsWith("plan_b-2.yaml"))
        throw Object.assign(new Error("disk gone"), { code: "EIO" });
      return false;
    };
    const error = await refusal(() =>
      writeStageConfigs({
        root,
        git,
        files: [
          { path: first, text: TEXT },
          { path: second, text: TEXT },
        ],
      }),
    );
    expect(error.code).toBe("write_failed");
    expect(error.message).toBe(`cannot write ${second}: disk gone (EIO)`);
    expect(existsSync(path.join(root, first))).toBe(false);
    expect(readFileSync(path.join(root, second), "utf8")).toBe("other: content\n");
    expect(readdirSync(path.join(root, CONFIG_DIR)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("removes temp files of dead writers and keeps those of live ones", async () => {
    const dir = path.join(root, CONFIG_DIR);
    write(root, `${CONFIG_DIR}/.plan.yaml.999999999.aaaaaaaaaaaa.tmp`, "x");
    write(root, `${CONFIG_DIR}/.plan.yaml.${process.ppid}.bbbbbbbbbbbb.tmp`, "x");
    await writeStageConfigs({ root, files: [{ path: TARGET, text: TEXT }] });
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([
      `.plan.yaml.${process.ppid}.bbbbbbbbbbbb.tmp`,
    ]);
  });
});
