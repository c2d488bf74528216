import { describe, expect, it } from "vitest";
import { commandsForPlan, selectProfile } from "../../src/planner/commands/index.js";
import type { EnvProfiles } from "../../src/planner/context.js";
import { checkProfiles } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, type IntentInput, NANO3, plan, requireCatalog } from "./fixtures.js";

const slurmOnly: EnvProfiles = {
  source: "NEMOTRON_ENV_FILE",
  sections: [{ file: "env.toml", section: "slurm_sft", executor: "slurm", keys: ["account"] }],
};

const remoteSft: Partial<IntentInput> = {
  goals: ["sft"],
  model: NANO3,
  hardware: { nodes: 2, gpusPerNode: 8 },
  data: CHAT_DATA,
  outputDir: "/runs/x",
  executor: { kind: "slurm", remote: true },
};

describe.skipIf(!hasSnapshot)("env profiles for remote runs (real catalog)", () => {
  it("reports a remote plan no visible profile covers, naming NEMOTRON_ENV_FILE", () => {
    const p = plan(remoteSft);
    const [finding] = checkProfiles(p.draft, p.ctx);
    expect(finding).toMatchObject({ level: "warning", code: "profile_missing" });
    expect(finding?.message).toContain("01_sft_packing");
    expect(finding?.fix).toContain("NEMOTRON_ENV_FILE");
    const local = plan({ ...remoteSft, executor: { remote: false } });
    expect(checkProfiles(local.draft, local.ctx)).toEqual([]);
  });

  it("lets the only section for the requested executor serve every stage", () => {
    const p = plan(remoteSft);
    const ctx = { ...p.ctx, profiles: slurmOnly };
    expect(checkProfiles(p.draft, ctx)).toEqual([]);
    for (const command of commandsForPlan(p.draft, ctx)) {
      expect(command.command).toContain("--batch slurm_sft");
    }
    const lepton = { ...ctx.intent, executor: { kind: "lepton" as const, remote: true } };
    const step = requireCatalog().step("data_prep/sft_packing");
    expect(step && selectProfile(step, lepton, slurmOnly)).toBeUndefined();
  });

  it("never asks the step that writes env profiles for a profile", () => {
    const p = plan({
      route: "single_step",
      goals: ["env_profile"],
      executor: { kind: "slurm", remote: true },
    });
    expect(p.steps).toEqual(["env/env_toml"]);
    expect(checkProfiles(p.draft, p.ctx)).toEqual([]);
    const [command] = commandsForPlan(p.draft, p.ctx);
    expect(command?.tier).not.toBe("Blocked");
    expect(command?.command).not.toContain("--batch");
  });
});
