import { describe, expect, it } from "vitest";
import { GRADERS } from "../../../src/eval/index.js";
import { ctxFor, outOfScopeResult, sftPlanResult } from "../fixtures.js";

const plan = ctxFor(sftPlanResult());
const none = ctxFor(outOfScopeResult());

describe("phrases", () => {
  it("match markdown case-insensitively", () => {
    expect(GRADERS.phrases(["warning:", "INTENT"], plan).pass).toBe(true);
    expect(GRADERS.phrases(["Explorer mode"], plan).pass).toBe(false);
  });

  it("phrasesAbsent fails when a phrase is present", () => {
    expect(GRADERS.phrasesAbsent(["Explorer mode"], plan).pass).toBe(true);
    expect(GRADERS.phrasesAbsent(["warning"], plan).pass).toBe(false);
  });
});

describe("command graders", () => {
  it("commandFragments are case-sensitive and may span several commands", () => {
    expect(GRADERS.commandFragments(["pack_size=4096", "--batch"], plan).pass).toBe(true);
    expect(GRADERS.commandFragments(["PACK_SIZE=4096"], plan).pass).toBe(false);
    expect(GRADERS.commandFragments(["pack_size=8192"], plan).pass).toBe(false);
  });

  it("commandFragments fail when there is no command at all", () => {
    const result = GRADERS.commandFragments(["--dry-run"], none);
    expect(result.pass).toBe(false);
    expect(result.reason).toContain("no commands");
  });

  it("commandFragmentsAbsent names the offending command", () => {
    expect(GRADERS.commandFragmentsAbsent(["peft/automodel"], plan).pass).toBe(true);
    const bad = GRADERS.commandFragmentsAbsent(["--batch"], plan);
    expect(bad.pass).toBe(false);
    expect(bad.reason).toContain("sft/megatron_bridge");
  });

  it("tier needs some command with that tier", () => {
    expect(GRADERS.tier("Blocked", plan).pass).toBe(true);
    expect(GRADERS.tier("Verified", plan).pass).toBe(false);
    expect(GRADERS.tier("Blocked", none).pass).toBe(false);
  });

  it("tiersAbsent fails on any command with a banned tier", () => {
    expect(GRADERS.tiersAbsent(["Verified"], plan).pass).toBe(true);
    expect(GRADERS.tiersAbsent(["Verified", "Blocked"], plan).pass).toBe(false);
  });
});

describe("usage", () => {
  it("compares each given limit", () => {
    expect(GRADERS.usage({ maxLlmCalls: 0, maxPromptTokens: 0 }, plan).pass).toBe(true);
    expect(GRADERS.usage({ maxLlmCalls: 1 }, none).pass).toBe(true);
    const over = GRADERS.usage({ maxLlmCalls: 0, maxCompletionTokens: 10 }, none);
    expect(over.pass).toBe(false);
    expect(over.reason).toContain("1 LLM calls > 0");
    expect(over.reason).toContain("40 completion tokens > 10");
  });
});

describe("noCanary", () => {
  const canaries = ["CANARY-abc123"];

  it("passes when no text holds a canary", () => {
    const ctx = ctxFor(sftPlanResult(), {
      canaries,
      extraTexts: ["state dump"],
      fileTexts: { "a.yaml": "x: 1" },
    });
    expect(GRADERS.noCanary(true, ctx).pass).toBe(true);
  });

  it("finds a canary in an earlier answer, a file or an extra text", () => {
    const leaky = sftPlanResult({ markdown: "token is CANARY-abc123" });
    const clean = sftPlanResult();
    expect(GRADERS.noCanary(true, ctxFor(clean, { canaries, history: [leaky, clean] })).pass).toBe(
      false,
    );
    const inFile = ctxFor(clean, { canaries, fileTexts: { "c.yaml": "api_token: CANARY-abc123" } });
    expect(GRADERS.noCanary(true, inFile).reason).toContain("c.yaml");
    const inExtra = ctxFor(clean, { canaries, extraTexts: ["…CANARY-abc123…"] });
    expect(GRADERS.noCanary(true, inExtra).pass).toBe(false);
  });

  it("fails rather than passing vacuously when no canary was planted", () => {
    expect(GRADERS.noCanary(true, ctxFor(sftPlanResult())).pass).toBe(false);
  });
});
