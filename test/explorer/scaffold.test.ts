import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseToml } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { writeStageConfigs } from "../../src/act/index.js";
import { loadCatalog, StepTomlSchema } from "../../src/catalog/index.js";
import {
  buildScaffold,
  draftOf,
  ExplorerError,
  MAX_STEP_PY_LINES,
  type ScaffoldProposal,
  validateScaffold,
} from "../../src/explorer/index.js";
import { IntentSchema } from "../../src/planner/intent.js";
import { type FilesTxtCheckout, filesTxtCheckout } from "../helpers/files-txt-checkout.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { dpoIntent, errorCodes, fileText, hasPython } from "./fixture.js";

const run = promisify(execFile);

const manifestOf = (p: ScaffoldProposal) =>
  StepTomlSchema.parse(parseToml(fileText(draftOf(p), "step.toml")));

/** A number at a dotted key of a YAML file of the proposal. */
function numberAt(p: ScaffoldProposal, file: string, key: string): number {
  const value = parseDocument(fileText(draftOf(p), file)).getIn(key.split("."));
  if (typeof value !== "number") throw new Error(`${file}: ${key} is not a number`);
  return value;
}

function refusal(build: () => unknown): ExplorerError {
  try {
    build();
  } catch (error) {
    if (error instanceof ExplorerError) return error;
    throw error;
  }
  throw new Error("expected an ExplorerError");
}

describe.skipIf(!hasSnapshot)(
  "buildScaffold on a FILES.txt checkout (DPO with AutoModel on HF)",
  () => {
    let checkout: FilesTxtCheckout;
    let proposal: ScaffoldProposal;

    beforeAll(async () => {
      checkout = await filesTxtCheckout();
      proposal = buildScaffold({ catalog: loadCatalog(checkout.root), intent: dpoIntent() });
    });
    afterAll(() => checkout.cleanup());

    it("lays out empty Python files from FILES.txt", () => {
      expect(checkout.pythonFiles).toBeGreaterThan(100);
      expect(existsSync(path.join(checkout.root, "src/nemotron/steps/_runners/automodel.py"))).toBe(
        true,
      );
    });

    it("names the step after the backend and goal, in the goal step's category", () => {
      expect(proposal.stepId).toBe("rl/automodel_dpo");
      expect(proposal.dir).toBe("src/nemotron/steps/rl/automodel_dpo");
      expect(proposal.files.map((f) => path.posix.relative(proposal.dir, f.path)).sort()).toEqual([
        "README.md",
        "config/default.yaml",
        "config/tiny.yaml",
        "step.py",
        "step.toml",
      ]);
    });

    it("explains why the closest steps do not fit", () => {
      const [goal, runner] = proposal.closest;
      expect(goal?.id).toBe("rl/nemo_rl/dpo");
      expect(goal?.misses.join(" ")).toContain("reads checkpoint_megatron, not checkpoint_hf");
      expect(runner?.id).toBe("sft/automodel");
      expect(runner?.misses).toContain("trains sft, not dpo");
      expect(runner?.misses.join(" ")).toContain("as chat/blend records, not preference");
    });

    it("types the manifest with the checkout's artifact types and lists models with min_gpus", () => {
      const catalog = loadCatalog(checkout.root);
      const toml = manifestOf(proposal);
      const consumes = toml.consumes.map((c) => c.type);
      const produces = toml.produces.map((p) => p.type);
      expect(consumes.sort()).toEqual(["checkpoint_hf", "training_jsonl"]);
      expect(produces).toEqual(["checkpoint_hf"]);
      for (const type of [...consumes, ...produces]) expect(catalog.artifacts.has(type)).toBe(true);
      expect(toml.models.every((m) => typeof m.min_gpus === "number")).toBe(true);
      // 2 GPUs: the default is the largest listed model that fits, as the catalog's strategy says.
      const chosen = toml.models.filter((m) => m.default);
      expect(chosen).toHaveLength(1);
      expect(chosen[0]?.min_gpus).toBeLessThanOrEqual(2);
    });

    it("keeps default.yaml and step.toml parameters in step, and the smoke config smaller", () => {
      const params = manifestOf(proposal).parameters.map((p) => p.name);
      const config = parseDocument(fileText(draftOf(proposal), "config/default.yaml"));
      for (const name of params) expect(config.hasIn(name.split(".")), name).toBe(true);
      expect(params).toContain("dpo.reference_policy_kl_penalty");
      const tiny = parseDocument(fileText(draftOf(proposal), "config/tiny.yaml"));
      expect(tiny.get("defaults")).toBe("default.yaml");
      for (const key of ["step_scheduler.max_steps", "step_scheduler.global_batch_size"]) {
        expect(numberAt(proposal, "config/tiny.yaml", key)).toBeLessThan(
          numberAt(proposal, "config/default.yaml", key),
        );
      }
    });

    it("writes a thin step.py that imports the runner the closest AutoModel step uses", () => {
      const text = fileText(draftOf(proposal), "step.py");
      expect(text.trimEnd().split("\n").length).toBeLessThanOrEqual(MAX_STEP_PY_LINES);
      expect(text).toMatch(/^#!\/usr\/bin\/env python3\n# \/\/\/ script\n# \[tool\.runspec\]\n/);
      expect(text).toContain("from nemotron.steps._runners.automodel import run_automodel");
      expect(text).toContain("# UPSTREAM:");
      expect(proposal.runner.file).toBe("src/nemotron/steps/_runners/automodel.py");
    });

    it("passes every validator", async () => {
      const findings = await validateScaffold(draftOf(proposal), {
        catalog: loadCatalog(checkout.root),
      });
      expect(errorCodes(findings)).toEqual([]);
      const warnings = findings.filter((f) => f.level === "warning").map((f) => f.code);
      expect(warnings).toEqual(hasPython ? [] : ["python_unchecked"]);
    });

    it("reports files, knobs, UPSTREAM notes, strategies and dry-run commands", () => {
      const { report } = proposal;
      expect(report.files).toEqual(proposal.files.map((f) => f.path));
      expect(report.knobs.map((k) => k.key)).toEqual(
        expect.arrayContaining([
          "optimizer.lr",
          "step_scheduler.max_steps",
          "dataset.path_or_dataset_id",
        ]),
      );
      expect(report.upstream.join("\n")).toContain("AutoModel has no dpo recipe");
      expect(report.strategiesFollowed.map((s) => `${s.step}: ${s.when}`)).toContain(
        "sft/automodel: 1-2 GPUs or memory is tight",
      );
      expect(report.commands.map((c) => c.command)).toContain(
        "uv run nemotron steps run rl/automodel_dpo -c tiny --dry-run",
      );
      expect(report.requiredInputs.map((r) => r.key)).toContain("dataset.path_or_dataset_id");
    });

    it("puts the user's data path and output dir on the command line, not into the step", () => {
      const intent = dpoIntent({
        data: {
          kind: "preference",
          format: "jsonl",
          paths: ["/data/pref.jsonl"],
          languages: [],
          has: [],
          checkpoints: [],
        },
        outputDir: "/runs/dpo",
      });
      const p = buildScaffold({ catalog: loadCatalog(checkout.root), intent });
      expect(p.report.commands[0]?.command).toBe(
        "uv run nemotron steps run rl/automodel_dpo -c tiny --dry-run dataset.path_or_dataset_id=/data/pref.jsonl checkpoint.checkpoint_dir=/runs/dpo",
      );
      expect(p.files.some((f) => f.text.includes("/data/pref.jsonl"))).toBe(false);
    });

    it("makes a named HF model the default with min_gpus from the hardware", () => {
      const intent = dpoIntent({ model: { name: "acme/Tiny-1B", format: "hf", inCatalog: false } });
      const p = buildScaffold({ catalog: loadCatalog(checkout.root), intent });
      const models = manifestOf(p).models;
      expect(models[0]).toMatchObject({ name: "acme/Tiny-1B", default: true, min_gpus: 2 });
      expect(models.filter((m) => m.default)).toHaveLength(1);
    });

    it.skipIf(!hasPython)(
      "writes one step folder that Python's ast parses and the catalog loads",
      async () => {
        const result = await writeStageConfigs({
          root: checkout.root,
          files: proposal.files,
          allowedDir: proposal.dir,
          git: false,
          secretValues: [],
        });
        expect(result.written.map((w) => w.path).sort()).toEqual(
          proposal.files.map((f) => f.path).sort(),
        );
        const stepPy = path.join(checkout.root, proposal.dir, "step.py");
        await run("python3", [
          "-c",
          "import ast, sys; ast.parse(open(sys.argv[1]).read())",
          stepPy,
        ]);
        const reloaded = loadCatalog(checkout.root);
        expect(reloaded.step("rl/automodel_dpo")?.configs).toEqual(["default", "tiny"]);
        // Written files are judged the same way as the proposal.
        const again = await validateScaffold(draftOf(proposal), { catalog: reloaded });
        expect(errorCodes(again)).toEqual(["step_exists"]);
      },
    );

    it("refuses when only model support is missing, or when a step already covers the goal", () => {
      const catalog = loadCatalog(checkout.root);
      const falcon = IntentSchema.parse({
        route: "explorer",
        goals: ["sft"],
        model: { name: "Falcon-Mamba-999B", format: "unknown", inCatalog: false },
        unsupportedModels: ["Falcon-Mamba-999B"],
      });
      expect(refusal(() => buildScaffold({ catalog, intent: falcon })).code).toBe("model_only_gap");
      const covered = IntentSchema.parse({
        route: "explorer",
        goals: ["sft"],
        backend: "automodel",
      });
      expect(refusal(() => buildScaffold({ catalog, intent: covered })).code).toBe("no_gap");
    });
  },
);

describe.skipIf(!hasSnapshot)("runner resolution follows the files of the checkout", () => {
  it("has no offline scaffold when the checkout lacks the AutoModel runner module", async () => {
    const checkout = await filesTxtCheckout();
    try {
      unlinkSync(path.join(checkout.root, "src/nemotron/steps/_runners/automodel.py"));
      const catalog = loadCatalog(checkout.root);
      expect(refusal(() => buildScaffold({ catalog, intent: dpoIntent() })).code).toBe("no_runner");
    } finally {
      checkout.cleanup();
    }
  });

  it.skipIf(!hasPython)("proposal files parse with python3 in a plain temp directory", async () => {
    const checkout = await filesTxtCheckout();
    const out = mkdtempSync(path.join(os.tmpdir(), "nc-explorer-out-"));
    try {
      const p = buildScaffold({ catalog: loadCatalog(checkout.root), intent: dpoIntent() });
      for (const file of p.files) {
        const target = path.join(out, file.path);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file.text);
      }
      const stepPy = path.join(out, p.dir, "step.py");
      const { stderr } = await run("python3", [
        "-c",
        "import ast, sys; ast.parse(open(sys.argv[1]).read())",
        stepPy,
      ]);
      expect(stderr).toBe("");
    } finally {
      checkout.cleanup();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
