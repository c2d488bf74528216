import { describe, expect, it } from "vitest";
import { recheckModelValues } from "../../src/llm/tasks/recheck.js";
import { composePlan } from "../../src/planner/compose/index.js";
import type { PlanContext } from "../../src/planner/context.js";
import type { Finding, ParamValue, PlanDraft } from "../../src/planner/plan.js";
import { needsApproval, statusOf } from "../../src/planner/result.js";
import { loadPlanningRules } from "../../src/planner/rules/index.js";
import { checkPlanFit } from "../../src/validators/index.js";
import { loadMemoryFitData } from "../../src/validators/memory-fit/index.js";
import { offlineIntent, sampleCatalog } from "./fixtures.js";

const REQUEST =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft, with valid ratio 0.05, micro batch size and lr warmup iters 50";
const PACKING = "01_sft_packing";
const SFT = "02_megatron_bridge";

const rules = loadPlanningRules();
const memory = loadMemoryFitData();
const ctx = (): PlanContext => ({
  catalog: sampleCatalog(),
  catalogSource: "sample",
  intent: offlineIntent(REQUEST),
  profiles: null,
});
const composed = () => composePlan(ctx(), rules);
const hardChecks = (draft: PlanDraft) =>
  checkPlanFit({ draft, facts: composed().facts }, ctx(), rules, memory).findings;

type Values = Record<string, Record<string, ParamValue>>;

/** The rules' plan, and the same plan with the model's values applied. */
function drafts(values: Values) {
  const { draft: rulesPlan } = composed();
  const stages = rulesPlan.stages.map((s) =>
    values[s.id] ? { ...s, params: { ...s.params, ...values[s.id] } } : s,
  );
  const modelKeys = new Map(
    Object.entries(values).map(([stage, v]) => [stage, new Set(Object.keys(v))]),
  );
  return { composed: rulesPlan, withModel: { ...rulesPlan, stages }, modelKeys };
}

const paramsOf = (draft: PlanDraft, stage: string) =>
  draft.stages.find((s) => s.id === stage)?.params ?? {};
const statusAfter = (draft: PlanDraft, findings: Finding[]) => {
  const plan = { ...draft, findings, markdown: "", mermaid: "", commands: [] };
  return statusOf(plan, needsApproval(plan, false));
};

describe("the plan's hard checks run again after the model's values", () => {
  it("withdraws a value whose stage then fails a check, with the check and its fix, when that leaves a consistent plan", () => {
    const { composed, withModel, modelKeys } = drafts({
      [PACKING]: { valid_ratio: 0.05 },
      [SFT]: { "train.micro_batch_size": 4096 },
    });
    expect(hardChecks(withModel).some((f) => f.stage === SFT && f.level !== "info")).toBe(true);
    const out = recheckModelValues(withModel, composed, modelKeys, hardChecks);
    expect(paramsOf(out.draft, SFT)).toEqual(paramsOf(composed, SFT));
    expect(paramsOf(out.draft, PACKING)).toMatchObject({ valid_ratio: 0.05 });
    expect(out.modelKeys).toEqual(new Map([[PACKING, new Set(["valid_ratio"])]]));
    const [withdrawn, ...rest] = out.findings;
    expect(rest).toEqual([]);
    expect(withdrawn).toMatchObject({ code: "llm_rejected", stage: SFT });
    expect(withdrawn?.message).toMatch(
      /`train\.micro_batch_size` in `02_megatron_bridge`: with it the plan fails a hard check \[[a-z_]+\]: .+ \(fix: .+\)/,
    );
    // What is left passes the checks as well as the rules' own plan: approval goes ahead.
    expect(out.draft.requiredInputs).toEqual(composed.requiredInputs);
    expect(statusAfter(out.draft, out.findings)).toBe("awaiting_approval");
  });

  it("puts a withdrawn key back at the rules' value rather than dropping it", () => {
    const { composed, withModel } = drafts({});
    const [key, value] = Object.entries(paramsOf(composed, SFT))[0] ?? [];
    if (key === undefined) throw new Error("the rules' plan sets nothing in the SFT stage");
    const stages = withModel.stages.map((s) =>
      s.id === SFT ? { ...s, params: { ...s.params, [key]: "changed" } } : s,
    );
    const changedFails = (d: PlanDraft): Finding[] =>
      paramsOf(d, SFT)[key] === "changed"
        ? [{ level: "warning", code: "probe", message: "changed", stage: SFT }]
        : [];
    const out = recheckModelValues(
      { ...withModel, stages },
      composed,
      new Map([[SFT, new Set([key])]]),
      changedFails,
    );
    expect(paramsOf(out.draft, SFT)[key]).toEqual(value);
  });

  it("blocks approval with the fix when a failure remains after the withdrawal (its cause is another stage's value)", () => {
    const { composed, withModel, modelKeys } = drafts({
      [PACKING]: { valid_ratio: 0.05 },
      [SFT]: { "scheduler.lr_warmup_iters": 50 },
    });
    // A check that reads one stage and reports on the next, as the sequence-length check does
    // across prep -> train: here the packing stage's validation split against the trainer.
    const crossStage = (draft: PlanDraft): Finding[] => [
      ...hardChecks(draft),
      ...(paramsOf(draft, PACKING).valid_ratio === 0.05
        ? [
            {
              level: "warning" as const,
              code: "eval_split",
              message: `WARNING: ${SFT} validates on a split ${PACKING} does not make.`,
              fix: `Set ${PACKING} valid_ratio to the split ${SFT} expects.`,
              stage: SFT,
            },
          ]
        : []),
    ];
    const out = recheckModelValues(withModel, composed, modelKeys, crossStage);
    // The failing stage's own value went first; the failure stayed, so nothing is approvable.
    expect(paramsOf(out.draft, SFT)).toEqual(paramsOf(composed, SFT));
    expect(out.modelKeys).toEqual(new Map([[PACKING, new Set(["valid_ratio"])]]));
    expect(out.findings.map((f) => `${f.level} ${f.code} ${f.stage}`)).toEqual([
      `warning llm_rejected ${SFT}`,
      `error llm_value_conflict ${SFT}`,
    ]);
    const conflict = out.findings[1];
    expect(conflict?.message).toContain("`valid_ratio` = `0.05` in `01_sft_packing`");
    expect(conflict?.message).toContain(`[eval_split]: ${SFT} validates on a split`);
    expect(conflict?.message).toContain("Approval waits until this is settled.");
    expect(conflict?.fix).toContain(`Set ${PACKING} valid_ratio to the split ${SFT} expects.`);
    expect(out.draft.requiredInputs).toEqual([
      ...composed.requiredInputs,
      {
        key: "valid_ratio",
        stage: PACKING,
        question: expect.stringContaining("the model proposed `valid_ratio` = `0.05`"),
      },
    ]);
    expect(statusAfter(out.draft, out.findings)).toBe("needs_input");
  });

  it("changes nothing when the model's values bring in no failure", () => {
    const { composed, withModel, modelKeys } = drafts({ [PACKING]: { valid_ratio: 0.05 } });
    const out = recheckModelValues(withModel, composed, modelKeys, hardChecks);
    expect(out.draft).toEqual(withModel);
    expect(out.findings).toEqual([]);
    expect(statusAfter(out.draft, out.findings)).toBe("awaiting_approval");
  });
});
