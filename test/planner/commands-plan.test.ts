import { describe, expect, it } from "vitest";
import { isMap, isScalar } from "yaml";
import { loadCatalog } from "../../src/catalog/index.js";
import {
  commandsForPlan,
  profileVarsText,
  selectProfile,
  stageCommands,
} from "../../src/planner/commands/index.js";
import type { EnvProfiles, PlanContext } from "../../src/planner/context.js";
import { IntentSchema } from "../../src/planner/intent.js";
import type { ParamValue, Stage } from "../../src/planner/plan.js";
import { hasSnapshot, SAMPLE } from "../helpers/snapshot.js";
import { planFixtures, snapshotCatalog } from "./fixtures.js";

const { stageOf, draftOf, ctxOf } = planFixtures({
  name: "t",
  configPrefix: "plan",
  route: "single_step",
  firstStrategy: false,
});

/** Override keys of a command whose values hold no blanks (enough for these fixtures). */
function overrideKeys(command: string): string[] {
  return command
    .split(" ")
    .filter((w) => /^'?[A-Za-z_][A-Za-z0-9_.]*=/.test(w))
    .map((w) => w.replace(/^'/, "").split("=")[0] ?? "");
}

describe.skipIf(!hasSnapshot)("commands against the real catalog", () => {
  const cat = snapshotCatalog();

  it("keeps a glob verbatim, drops keys the step lacks, and names the auth variable given", () => {
    const stage = stageOf(cat(), "translate/nemo_curator", 1, {
      input_path: "/data/news/*.jsonl",
      output_dir: "/data/news_hi",
      source_language: "en",
      target_language: "hi",
      "server.url": "https://integrate.api.nvidia.com/v1",
      made_up_flag: true,
    });
    const ctx = ctxOf(cat(), { authVars: ["MY_TRANSLATE_KEY"] });
    const [sc] = stageCommands(draftOf("single_step", [stage]), ctx);
    expect(sc?.command).toEqual({
      step: "translate/nemo_curator",
      command:
        "uv run nemotron steps run translate/nemo_curator -c default --dry-run input_path='/data/news/*.jsonl' output_dir=/data/news_hi source_language=en target_language=hi server.url=https://integrate.api.nvidia.com/v1 server.api_key_env=MY_TRANSLATE_KEY",
      tier: "Repo-grounded",
    });
    expect(sc?.dropped).toEqual(["made_up_flag"]);
  });

  it("never restates a default auth variable as fact: no name given means Blocked and no auth key", () => {
    const stage = stageOf(cat(), "translate/nemo_curator", 1, {
      input_path: "/data/in.jsonl",
      "server.api_key_env": "NVIDIA_API_KEY",
      "server.api_key": "nvapi-secret-value",
    });
    const [sc] = stageCommands(draftOf("single_step", [stage]), ctxOf(cat(), {}));
    expect(sc?.command.command).toBe(
      "uv run nemotron steps run translate/nemo_curator -c default --dry-run input_path=/data/in.jsonl",
    );
    expect(sc?.command.tier).toBe("Blocked");
    expect(sc?.command.blockedBy).toMatch(/environment variable/);
    expect(sc?.withheld).toEqual(["server.api_key"]);
    expect(JSON.stringify(sc?.command)).not.toContain("nvapi-secret-value");
  });

  it("is not hosted for the nmt backend, so no auth variable is needed", () => {
    const stage = stageOf(cat(), "translate/nemo_curator", 1, { backend: "nmt" });
    const [sc] = stageCommands(draftOf("single_step", [stage]), ctxOf(cat(), {}));
    expect(sc?.hosted).toBeUndefined();
    expect(sc?.command.tier).toBe("Repo-grounded");
  });

  it("blocks a lepton --batch request without env profiles, naming NEMOTRON_ENV_FILE, and falls back to a local dry run", () => {
    const stage = stageOf(cat(), "sft/automodel", 1, {
      "model.pretrained_model_name_or_path": "Qwen/Qwen3-30B-A3B",
    });
    const ctx = ctxOf(cat(), { executor: { kind: "lepton", remote: true } }, null);
    const [command] = commandsForPlan(draftOf("single_step", [stage]), ctx);
    expect(command?.tier).toBe("Blocked");
    expect(command?.blockedBy).toContain("NEMOTRON_ENV_FILE");
    expect(command?.blockedBy).toContain("env*.toml");
    expect(command?.command).toBe(
      "uv run nemotron steps run sft/automodel -c default --dry-run model.pretrained_model_name_or_path=Qwen/Qwen3-30B-A3B",
    );
  });

  it("uses only a profile the user named when it exists", () => {
    const profiles: EnvProfiles = {
      source: "checkout",
      sections: [{ file: "env.toml", section: "my_cluster", executor: "slurm", keys: ["account"] }],
    };
    const stage = stageOf(cat(), "sft/automodel", 1);
    const named = (profile: string) =>
      commandsForPlan(
        draftOf("single_step", [stage]),
        ctxOf(cat(), { executor: { remote: true, profile } }, profiles),
      )[0];
    expect(named("my_cluster")?.command).toContain("--batch my_cluster");
    expect(named("my_cluster")?.tier).toBe("Repo-grounded");
    expect(named("other_cluster")?.command).not.toContain("--batch");
    expect(named("other_cluster")?.tier).toBe("Blocked");
  });

  it("runs pipeline stages from the config files Act writes, Blocked while an input is open", () => {
    const prep = stageOf(cat(), "data_prep/sft_packing", 1, { pack_size: 4096 });
    const sft = stageOf(cat(), "sft/megatron_bridge", 2, {}, { packed_parquet: prep.id });
    const draft = draftOf("pipeline", [prep, sft], {
      requiredInputs: [{ key: "data.path", question: "Where is the chat JSONL?", stage: prep.id }],
    });
    const commands = commandsForPlan(draft, ctxOf(cat(), { route: "pipeline" }));
    expect(commands.map((c) => c.command)).toEqual([
      `uv run nemotron steps run data_prep/sft_packing -c ${prep.configPath} --dry-run`,
      `uv run nemotron steps run sft/megatron_bridge -c ${sft.configPath} --dry-run`,
    ]);
    expect(commands.map((c) => c.tier)).toEqual(["Blocked", "Repo-grounded"]);
    expect(commands[0]?.blockedBy).toContain("data.path");
  });

  it("picks tiny_chat for a hosted endpoint evaluation and renders the task list in flow YAML", () => {
    const stage = stageOf(cat(), "eval/model_eval", 1, {
      "target.api_endpoint.url": "https://example.test/v1",
      "target.api_endpoint.model_id": "org/model-a",
      "evaluation.tasks": [{ name: "ifeval" }],
    });
    const ctx = ctxOf(cat(), {
      authVars: ["EVAL_KEY"],
      eval: { endpointUrl: "https://example.test/v1", tasks: ["ifeval"] },
    });
    const [command] = commandsForPlan(draftOf("single_step", [stage]), ctx);
    expect(command?.command).toBe(
      "uv run nemotron steps run eval/model_eval -c tiny_chat --dry-run target.api_endpoint.url=https://example.test/v1 target.api_endpoint.model_id=org/model-a 'evaluation.tasks=[{name: ifeval}]' target.api_endpoint.api_key_name=EVAL_KEY",
    );
  });

  it("takes a config the user named, and env/env_toml's config from the executor kind", () => {
    const peft = stageOf(cat(), "peft/automodel", 1);
    const tiny = commandsForPlan(
      draftOf("single_step", [peft]),
      ctxOf(cat(), { configName: "tiny" }),
    );
    expect(tiny[0]?.command).toBe("uv run nemotron steps run peft/automodel -c tiny --dry-run");
    const env = stageOf(cat(), "env/env_toml", 1, { output_path: "env.slurm.toml" });
    const slurm = commandsForPlan(
      draftOf("single_step", [env]),
      ctxOf(cat(), { executor: { kind: "slurm", remote: false } }),
    );
    expect(slurm[0]?.command).toBe(
      "uv run nemotron steps run env/env_toml -c slurm --dry-run output_path=env.slurm.toml",
    );
  });

  it("blocks a stage whose step the catalog does not have", () => {
    const known = stageOf(cat(), "sft/automodel", 1);
    const ghost: Stage = { ...known, step: "sft/not_a_step" };
    const [command] = commandsForPlan(draftOf("single_step", [ghost]), ctxOf(cat(), {}));
    expect(command?.tier).toBe("Blocked");
    expect(command?.blockedBy).toBe("step sft/not_a_step is not in the catalog");
    expect(command?.command).toBe("uv run nemotron steps run sft/not_a_step -c default --dry-run");
  });

  it("never passes a key the step does not define, for any step", () => {
    for (const manifest of cat().steps) {
      const params: Record<string, ParamValue> = { not_a_real_flag: 1, "made.up.nested": "x" };
      for (const p of manifest.parameters) params[p.name] = "v";
      const stage = stageOf(cat(), manifest.id, 1, params);
      const [sc] = stageCommands(
        draftOf("single_step", [stage]),
        ctxOf(cat(), { authVars: ["K"] }),
      );
      const keys = overrideKeys(sc?.command.command ?? "");
      const config = sc?.config ?? "default";
      for (const key of keys) {
        const declared = manifest.parameters.some((p) => p.name === key);
        const inConfig = [config, "default"]
          .filter((n) => manifest.configs.includes(n))
          .some((n) => cat().config(manifest.id, n).hasIn(key.split(".")));
        expect(declared || inConfig, `${manifest.id}: ${key}`).toBe(true);
      }
      expect(keys).not.toContain("not_a_real_flag");
      expect(keys).not.toContain("made.up.nested");
    }
  });

  describe("env profile selection matches the sections the env templates pair with each step", () => {
    for (const kind of ["lepton", "slurm", "dgxcloud"] as const) {
      it(`${kind}`, () => {
        const doc = cat().config("env/env_toml", kind);
        const sectionMap = doc.get("sections", true);
        if (!isMap(sectionMap)) throw new Error(`${kind}.yaml has no sections map`);
        const names = sectionMap.items.map((item) =>
          String(isScalar(item.key) ? item.key.value : item.key),
        );
        const profiles: EnvProfiles = {
          source: "NEMOTRON_ENV_FILE",
          sections: names.map((section) => ({ file: `env.${kind}.toml`, section, keys: [] })),
        };
        const preamble = String(doc.get("preamble"));
        const pairs = [...preamble.matchAll(/steps run (\S+) -c (\S+) --batch (\S+)/g)];
        expect(pairs.length).toBeGreaterThan(20);
        const expected = new Map<string, string[]>();
        for (const [, step, config, section] of pairs) {
          if (!step || !config || !section || step === "env/env_toml") continue;
          const key = `${step} ${config}`;
          expected.set(key, [...(expected.get(key) ?? []), section]);
        }
        for (const [key, sections] of expected) {
          const [step, configName] = key.split(" ");
          const manifest = cat().step(step ?? "");
          if (!manifest) throw new Error(`preamble names unknown step ${step}`);
          const intent = IntentSchema.parse({
            route: "single_step",
            configName,
            executor: { kind, remote: true },
          });
          expect(sections, key).toContain(selectProfile(manifest, intent, profiles)?.section);
        }
      });
    }
  });
});

describe("commands against the bundled sample checkout", () => {
  it("are Reference-grounded and use only keys the sample step defines", () => {
    const catalog = loadCatalog(SAMPLE);
    const stage = stageOf(catalog, "peft/automodel", 1, {
      "model.pretrained_model_name_or_path": "mistralai/Mistral-7B-Instruct-v0.3",
      "dataset.path_or_dataset_id": "/data/chat/train.jsonl",
      "peft.dim": 8,
      invented: "x",
    });
    const ctx: PlanContext = { ...ctxOf(catalog, {}), catalogSource: "sample" };
    const [command] = commandsForPlan(draftOf("single_step", [stage]), ctx);
    expect(command).toEqual({
      step: "peft/automodel",
      command:
        "uv run nemotron steps run peft/automodel -c default --dry-run model.pretrained_model_name_or_path=mistralai/Mistral-7B-Instruct-v0.3 dataset.path_or_dataset_id=/data/chat/train.jsonl peft.dim=8",
      tier: "Reference-grounded",
    });
  });
});

describe("what a chosen profile exports", () => {
  const section = {
    file: "env.toml",
    section: "lepton_sft",
    keys: ["extends", "nodes", "env_vars.HF_TOKEN", "env_vars.WANDB_API_KEY"],
  };

  it("names the environment variables, never their values", () => {
    expect(profileVarsText(section, "; ")).toBe(
      "; it sets `HF_TOKEN`, `WANDB_API_KEY` (values not shown)",
    );
  });

  it("says nothing for a profile that exports none", () => {
    expect(profileVarsText({ ...section, keys: ["nodes"] }, "; ")).toBe("");
  });
});
