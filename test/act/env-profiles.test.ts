import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findSecretValues, readEnvProfiles } from "../../src/act/index.js";
import { CatalogError } from "../../src/catalog/index.js";
import { cleanup, tempDir, write } from "./fixture.js";

const CANARY = "hf_canary_Zq81xLw0";
const CANARY_2 = "nvapi-canary-77Kp";
const CANARY_3 = "pw-canary-default";

/** Shaped like the files env/env_toml generates: one table per profile, `extends` chains. */
const LEPTON_TOML = `
[wandb]
project = "nemotron"

[lepton_base]
executor = "lepton"
node_group = "my-private-group"
nodes = 1
gpus_per_node = 8
mounts = [{ path = "/shared", mount_path = "/mnt" }]

[lepton_base.env_vars]
HF_TOKEN = "${CANARY}"
WANDB_API_KEY = "\${oc.env:WANDB_API_KEY,''}"
HF_HOME = "/mnt/hf"

[lepton_prep_base]
extends = "lepton_base"
gpus_per_node = 0

[lepton_prep_sft_packing]
extends = "lepton_prep_base"

[lepton_prep_sft_packing.env_vars]
NVIDIA_API_KEY = "${CANARY_2}"
DB_PASSWORD = "\${oc.env:DB_PASSWORD,${CANARY_3}}"

[loop_a]
extends = "loop_b"

[loop_b]
extends = "loop_a"
`;

const SLURM_TOML = `
[slurm_base]
executor = "slurm"
account = "secret-account-name"
api_key_env = "NVIDIA_API_KEY"
`;

let root = "";
afterEach(() => cleanup(root));

describe("readEnvProfiles", () => {
  it("returns null when the checkout has no env file", () => {
    root = tempDir();
    expect(readEnvProfiles({ root })).toBeNull();
    expect(findSecretValues(root)).toEqual([]);
  });

  it("lists env.toml first, then env.*.toml and env-*.toml, with names only", () => {
    root = tempDir();
    write(root, "env.lepton.toml", LEPTON_TOML);
    write(root, "env-slurm.toml", SLURM_TOML);
    write(root, "env.toml", '[local]\nexecutor = "local"\n');
    write(root, "environment.toml", "[not_an_env_file]\n");
    const profiles = readEnvProfiles({ root });
    expect(profiles?.source).toBe("checkout");
    expect(profiles?.sections.map((s) => `${s.file}:${s.section}`)).toEqual([
      "env.toml:local",
      "env-slurm.toml:slurm_base",
      "env.lepton.toml:wandb",
      "env.lepton.toml:lepton_base",
      "env.lepton.toml:lepton_prep_base",
      "env.lepton.toml:lepton_prep_sft_packing",
      "env.lepton.toml:loop_a",
      "env.lepton.toml:loop_b",
    ]);
    const base = profiles?.sections.find((s) => s.section === "lepton_base");
    expect(base?.keys).toEqual([
      "executor",
      "node_group",
      "nodes",
      "gpus_per_node",
      "mounts",
      "env_vars.HF_TOKEN",
      "env_vars.WANDB_API_KEY",
      "env_vars.HF_HOME",
    ]);
  });

  it("lists the key names a section inherits through extends after its own", () => {
    root = tempDir();
    write(root, "env.lepton.toml", LEPTON_TOML);
    const sections = readEnvProfiles({ root })?.sections ?? [];
    const keys = sections.find((s) => s.section === "lepton_prep_sft_packing")?.keys ?? [];
    expect(keys).toEqual(expect.arrayContaining(["extends", "env_vars.HF_TOKEN"]));
    expect(keys.indexOf("extends")).toBeLessThan(keys.indexOf("env_vars.HF_TOKEN"));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keeps the executor kind, inherited through extends, and nothing else", () => {
    root = tempDir();
    write(root, "env.lepton.toml", LEPTON_TOML);
    const sections = readEnvProfiles({ root })?.sections ?? [];
    const executors = Object.fromEntries(sections.map((s) => [s.section, s.executor]));
    expect(executors).toEqual({
      wandb: undefined,
      lepton_base: "lepton",
      lepton_prep_base: "lepton",
      lepton_prep_sft_packing: "lepton",
      loop_a: undefined,
      loop_b: undefined,
    });
  });

  it("never lets a value out: the canary secrets and private names stay in the file", () => {
    root = tempDir();
    write(root, "env.lepton.toml", LEPTON_TOML);
    write(root, "env.slurm.toml", SLURM_TOML);
    const json = JSON.stringify(readEnvProfiles({ root }));
    for (const value of [
      CANARY,
      CANARY_2,
      CANARY_3,
      "my-private-group",
      "secret-account-name",
      "/mnt/hf",
    ]) {
      expect(json).not.toContain(value);
    }
    expect(json).toContain("env_vars.NVIDIA_API_KEY");
  });

  it("reads only $NEMOTRON_ENV_FILE when it is set, resolved against the root", () => {
    root = tempDir();
    write(root, "env.toml", '[local]\nexecutor = "local"\n');
    write(root, "site/env.slurm.toml", SLURM_TOML);
    const profiles = readEnvProfiles({ root, envFile: "site/env.slurm.toml" });
    expect(profiles).toEqual({
      source: "NEMOTRON_ENV_FILE",
      sections: [
        {
          file: "site/env.slurm.toml",
          section: "slurm_base",
          executor: "slurm",
          keys: ["executor", "account", "api_key_env"],
        },
      ],
    });
  });

  it("says so when $NEMOTRON_ENV_FILE names a missing file", () => {
    root = tempDir();
    expect(() => readEnvProfiles({ root, envFile: "env.missing.toml" })).toThrow(/does not exist/);
  });

  it("reports a malformed file with its line and column, without the value", () => {
    root = tempDir();
    write(root, "env.toml", `[a]\nexecutor = "local"\nHF_TOKEN = ${CANARY}\n`);
    let caught: unknown;
    try {
      readEnvProfiles({ root });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CatalogError);
    if (!(caught instanceof CatalogError)) return;
    expect(caught.file).toBe("env.toml");
    expect(caught.line).toBe(3);
    expect(caught.column).toBeGreaterThan(0);
    expect(caught.message).not.toContain(CANARY);
  });
});

describe("findSecretValues", () => {
  it("finds literal credentials and placeholder defaults, not names or bare placeholders", () => {
    root = tempDir();
    write(root, "env.lepton.toml", LEPTON_TOML);
    write(root, "env.slurm.toml", SLURM_TOML);
    expect(findSecretValues(root).sort()).toEqual([CANARY, CANARY_2, CANARY_3].sort());
  });

  it("treats a missing $NEMOTRON_ENV_FILE as holding no secrets", () => {
    root = tempDir();
    expect(findSecretValues(root, "nope.toml")).toEqual([]);
  });
});

describe("env files reached through a symlink", () => {
  it("reads a symlinked env.toml like a regular one", () => {
    root = tempDir();
    const target = write(root, "profiles/site.toml", '[local]\nexecutor = "local"\n');
    symlinkSync(target, path.join(root, "env.toml"));
    expect(readEnvProfiles({ root })?.sections.map((s) => s.section)).toEqual(["local"]);
  });
});
