import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import {
  buildScaffold,
  draftOf,
  MAX_STEP_PY_LINES,
  type ScaffoldDraft,
  validateScaffold,
  withDraftFiles,
} from "../../src/explorer/index.js";
import { type FilesTxtCheckout, filesTxtCheckout } from "../helpers/files-txt-checkout.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { codes, dpoIntent, errorCodes, fileText, hasPython, withFile } from "./fixture.js";

const IMPORT_LINE = "from nemotron.steps._runners.automodel import run_automodel";

describe.skipIf(!hasSnapshot)("scaffold validators", () => {
  let checkout: FilesTxtCheckout;
  let catalog: Catalog;
  let good: ScaffoldDraft;
  const check = (draft: ScaffoldDraft) => validateScaffold(draft, { catalog });

  beforeAll(async () => {
    checkout = await filesTxtCheckout();
    catalog = loadCatalog(checkout.root);
    good = draftOf(buildScaffold({ catalog, intent: dpoIntent() }));
  });
  afterAll(() => checkout.cleanup());

  it("accepts the offline scaffold", async () => {
    expect(errorCodes(await check(good))).toEqual([]);
  });

  describe.skipIf(!hasPython)("step.py judged by Python's parser", () => {
    it("reports a syntax error with its line", async () => {
      const broken = withFile(good, "step.py", (t) =>
        t.replace("def main() -> None:", "def main( -> None:"),
      );
      const findings = await check(broken);
      expect(errorCodes(findings)).toContain("python_syntax");
      const syntax = findings.find((f) => f.code === "python_syntax");
      const line =
        fileText(good, "step.py")
          .split("\n")
          .findIndex((l) => l.startsWith("def main")) + 1;
      expect(syntax?.message).toContain(`step.py:${line}:`);
    });

    it("reports an import of a module the checkout does not have", async () => {
      const draft = withFile(good, "step.py", (t) =>
        t.replace(IMPORT_LINE, `${IMPORT_LINE}\nimport nemotron.does_not_exist`),
      );
      const findings = await check(draft);
      expect(errorCodes(findings)).toEqual(["import_unresolved"]);
      expect(findings.find((f) => f.code === "import_unresolved")?.message).toContain(
        "nemotron.does_not_exist",
      );
    });

    it("reports a wrapper that imports nothing of the repository", async () => {
      const draft = withFile(good, "step.py", (t) =>
        t.replace(IMPORT_LINE, "from os import path as run_automodel"),
      );
      expect(errorCodes(await check(draft))).toEqual(["no_repo_import"]);
    });

    it("reports relative imports", async () => {
      const draft = withFile(good, "step.py", (t) =>
        t.replace(IMPORT_LINE, `${IMPORT_LINE}\nfrom . import helpers`),
      );
      expect(errorCodes(await check(draft))).toContain("import_relative");
    });

    it("reports bare pass, ellipsis and NotImplementedError bodies found by ast", async () => {
      for (const body of ["pass", "...", "raise NotImplementedError"]) {
        const draft = withFile(good, "step.py", (t) =>
          t.replace(
            'if __name__ == "__main__":',
            `def later() -> None:\n    """Soon."""\n    ${body}\n\n\nif __name__ == "__main__":`,
          ),
        );
        expect(errorCodes(await check(draft)), body).toEqual(["bare_pass"]);
      }
      // `pass` inside a real body is not a stub.
      const fine = withFile(good, "step.py", (t) =>
        t.replace("    run_automodel(", "    for _ in ():\n        pass\n    run_automodel("),
      );
      expect(errorCodes(await check(fine))).toEqual([]);
    });

    it("reports angle-bracket stand-ins in comments and strings only", async () => {
      const inString = withFile(good, "step.py", (t) =>
        t.replace('"config" / "default.yaml"', '"<config-dir>" / "default.yaml"'),
      );
      expect(errorCodes(await check(inString))).toEqual(["placeholder"]);
      const inCode = withFile(good, "step.py", (t) =>
        t.replace(
          "    run_automodel(",
          "    if 1 <2 and 3> 2:\n        print('ok')\n    run_automodel(",
        ),
      );
      expect(errorCodes(await check(inCode))).toEqual([]);
    });

    it("looks imported names up when the runner module has source", async () => {
      const runner = path.join(checkout.root, "src/nemotron/steps/_runners/automodel.py");
      const source =
        "def run_automodel(*, default_target, default_config):\n    return (default_target, default_config)\n";
      writeFileSync(runner, source);
      try {
        expect(errorCodes(await check(good))).toEqual([]);
        const wrong = withFile(good, "step.py", (t) =>
          t
            .replace(IMPORT_LINE, "from nemotron.steps._runners.automodel import run_everything")
            .replace("    run_automodel(", "    run_everything("),
        );
        const findings = await check(wrong);
        expect(errorCodes(findings)).toEqual(["import_name_missing"]);
        expect(findings.find((f) => f.code === "import_name_missing")?.message).toContain(
          "run_everything",
        );
      } finally {
        writeFileSync(runner, "");
      }
    });

    it("accepts a name that is a submodule of an imported package", async () => {
      const draft = withFile(good, "step.py", (t) =>
        t
          .replace(IMPORT_LINE, "from nemotron.steps._runners import automodel")
          .replace("    run_automodel(", "    automodel.run_automodel("),
      );
      expect(errorCodes(await check(draft))).toEqual([]);
    });
  });

  it("reports TODO markers in step.py", async () => {
    const draft = withFile(good, "step.py", (t) =>
      t.replace("def main() -> None:", "# TODO: wire the reference model\ndef main() -> None:"),
    );
    expect(errorCodes(await check(draft))).toEqual(["placeholder"]);
  });

  it("reports a step.py longer than 60 lines", async () => {
    const text = fileText(good, "step.py");
    const padding = MAX_STEP_PY_LINES + 1 - text.trimEnd().split("\n").length;
    const long = withFile(good, "step.py", (t) => `${t}${"# keep\n".repeat(padding)}`);
    expect(fileText(long, "step.py").trimEnd().split("\n")).toHaveLength(61);
    expect(errorCodes(await check(long))).toEqual(["size_limit"]);
    const exact = withFile(good, "step.py", (t) => `${t}${"# keep\n".repeat(padding - 1)}`);
    expect(errorCodes(await check(exact))).toEqual([]);
  });

  it("reports a runspec header that is missing or not TOML", async () => {
    const missing = withFile(good, "step.py", (t) => t.replace("# /// script\n", "# script\n"));
    expect(errorCodes(await check(missing))).toContain("runspec_missing");
    const bad = withFile(good, "step.py", (t) => t.replace('# schema = "1"', "# schema = 1 1"));
    expect(errorCodes(await check(bad))).toEqual(["runspec_toml"]);
    const unprefixed = withFile(good, "step.py", (t) =>
      t.replace('# schema = "1"', '#schema = "1"'),
    );
    expect(errorCodes(await check(unprefixed))).toEqual(["runspec_format"]);
  });

  it("reports a manifest type that types.toml does not define", async () => {
    const draft = withFile(good, "step.toml", (t) =>
      t.replace('type = "checkpoint_hf"', 'type = "checkpoint_gguf"'),
    );
    const findings = await check(draft);
    expect(errorCodes(findings)).toEqual(["unknown_type"]);
    expect(findings[findings.findIndex((f) => f.code === "unknown_type")]?.message).toContain(
      "checkpoint_gguf",
    );
  });

  it("reports a manifest whose id does not match its folder, or that does not parse", async () => {
    const moved = withFile(good, "step.toml", (t) =>
      t.replace('id = "rl/automodel_dpo"', 'id = "rl/dpo_automodel"'),
    );
    expect(errorCodes(await check(moved))).toEqual(["manifest_id"]);
    const broken = withFile(good, "step.toml", (t) => t.replace("[step]", "[step"));
    expect(errorCodes(await check(broken))).toEqual(["manifest_parse"]);
    const noName = withFile(good, "step.toml", (t) => t.replace(/^name = .*$/m, ""));
    expect(errorCodes(await check(noName))).toEqual(["manifest_schema"]);
  });

  it("reports configs that drop a declared knob, leak artifact references, or do not shrink the smoke run", async () => {
    const dropped = withFile(good, "config/default.yaml", (t) => t.replace(/^dpo:\n.*\n/m, ""));
    expect(errorCodes(await check(dropped))).toEqual(["param_not_in_config"]);
    const leaked = withFile(good, "config/default.yaml", (t) => `${t}extra: \${art:data,path}\n`);
    expect(errorCodes(await check(leaked))).toEqual(["artifact_reference"]);
    const same = withFile(good, "config/tiny.yaml", () => "defaults: default.yaml\n");
    expect(errorCodes(await check(same))).toEqual(["smoke_not_reduced"]);
    const spelled = withFile(good, "config/default.yaml", (t) =>
      t.replace("lr: 5.0e-7", "lr: 5e-7"),
    );
    expect(codes(await check(spelled))).toContain("yaml_float");
  });

  it("reports files outside the step folder and missing required files", async () => {
    const outside: ScaffoldDraft = {
      ...good,
      files: [
        ...good.files,
        { path: "src/nemotron/steps/sft/automodel/config/x.yaml", text: "a: 1\n" },
      ],
    };
    expect(errorCodes(await check(outside))).toEqual(["file_outside_step"]);
    const noReadme: ScaffoldDraft = {
      ...good,
      files: good.files.filter((f) => !f.path.endsWith("README.md")),
    };
    expect(errorCodes(await check(noReadme))).toEqual(["missing_file"]);
  });

  it("reports README commands that name a config the step does not ship", async () => {
    const draft = withFile(good, "README.md", (t) =>
      t.replace("-c tiny --dry-run", "-c smoke --dry-run"),
    );
    expect(errorCodes(await check(draft))).toEqual(["readme_config"]);
  });

  it("skips the syntax check with a warning when python3 is absent, never regex-parsing", async () => {
    const broken = withFile(good, "step.py", (t) =>
      t.replace("def main() -> None:", "def main( -> None:"),
    );
    const findings = await validateScaffold(broken, { catalog, python: { command: false } });
    expect(codes(findings)).toContain("python_unchecked");
    expect(findings.find((f) => f.code === "python_unchecked")?.level).toBe("warning");
    expect(codes(findings)).not.toContain("python_syntax");
    const missing = await validateScaffold(good, {
      catalog,
      python: { command: "/nonexistent/python3" },
    });
    expect(codes(missing)).toContain("python_unchecked");
    expect(errorCodes(missing)).toEqual([]);
  });

  it.skipIf(!hasPython)(
    "accepts a model-drafted step.py that wraps another real module",
    async () => {
      const drafted = [
        "#!/usr/bin/env python3",
        ...fileText(good, "step.py")
          .split("\n")
          .filter((l) => l.startsWith("#") && l !== "#!/usr/bin/env python3")
          .slice(0, 18),
        '"""Preference training through a recipe named in the config."""',
        "",
        "from pathlib import Path",
        "",
        "from nemotron.kit import recipe_loader",
        "",
        'CONFIG = Path(__file__).parent / "config" / "default.yaml"',
        "",
        "",
        "def main() -> None:",
        '    """Load the recipe the config names and run it."""',
        "    print(recipe_loader, CONFIG)",
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
        "",
      ].join("\n");
      const draft = withDraftFiles(good, { "step.py": drafted });
      expect(draft.files).toHaveLength(good.files.length);
      expect(errorCodes(await check(draft))).toEqual([]);
      const wrong = withDraftFiles(good, {
        "step.py": drafted.replace(
          "from nemotron.kit import recipe_loader",
          "from nemotron.kits import recipe_loader",
        ),
      });
      expect(errorCodes(await check(wrong))).toEqual(["import_unresolved", "no_repo_import"]);
    },
  );

  it("judges model-drafted files in a new folder the same way", async () => {
    const moved: ScaffoldDraft = {
      stepId: "rl/automodel_dpo_two",
      files: good.files.map((f) => ({
        ...f,
        path: f.path.replace("/automodel_dpo/", "/automodel_dpo_two/"),
      })),
    };
    // The manifest still says rl/automodel_dpo and the runspec name is stale.
    const findings = await check(moved);
    expect(errorCodes(findings)).toEqual(["manifest_id"]);
    expect(codes(findings)).toContain("runspec_name");
  });
});
