import { describe, expect, it } from "vitest";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { NANO3, plan } from "../validators/fixtures.js";
import { intentReader } from "./intent-fixtures.js";

describe.skipIf(!hasSnapshot)("where the outputs go", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    ["SFT Nano3 on /data/chat.jsonl with 8 H100s. out /proj/sft-v2", "/proj/sft-v2"],
    ["SFT Nano3 on /data/chat.jsonl, 8 GPUs; out: /proj/sft-v3", "/proj/sft-v3"],
    [
      "Curate /raw/*.jsonl then SFT Nano3 on 8 GPUs. Everything goes under /lustre/run1.",
      "/lustre/run1",
    ],
    [
      "Pack and SFT Nano3 from /data/c.jsonl on 16 GPUs, it all lands in /scratch/r7",
      "/scratch/r7",
    ],
  ])("%s", (text, dir) => {
    expect(read(text).outputDir).toBe(dir);
  });

  it("does not take a path after 'filter out' as the output", () => {
    const intent = read("Clean /raw/web.jsonl and filter out /raw/known-spam.jsonl rows.");
    expect(intent.outputDir).toBeUndefined();
  });
});

describe.skipIf(!hasSnapshot)("a served URL in a request that translates and evaluates", () => {
  const read = intentReader(SNAPSHOT);

  it("belongs to the translation when it is named in the translation's clause", () => {
    const intent = read(
      "Translate /data/en/*.jsonl en->ko with https://llm.example.com/v1 model meta/llama-3.3-70b-instruct, " +
        "then SFT Nano3 on 8 GPUs and evaluate it on hellaswag. out /o",
    );
    expect(intent.translation.serverUrl).toBe("https://llm.example.com/v1");
    expect(intent.translation.serverModel).toBe("meta/llama-3.3-70b-instruct");
    expect(intent.eval.endpointUrl).toBeUndefined();
    expect(intent.eval.modelId).toBeUndefined();
  });

  it("belongs to the evaluation when it is named in the evaluation's clause", () => {
    const intent = read(
      "Translate /data/en/*.jsonl into Korean. Separately, evaluate our endpoint https://nim.example.com/v1 on mmlu.",
    );
    expect(intent.eval.endpointUrl).toBe("https://nim.example.com/v1");
    expect(intent.translation.serverUrl).toBeUndefined();
  });
});

describe.skipIf(!hasSnapshot)("work put off or struck out", () => {
  const read = intentReader(SNAPSHOT);
  const sftPlan = "SFT Nano3 on /data/chat.jsonl with 8 H100s, then GRPO on /data/rl.jsonl. out /o";

  it.each([
    "We'll do the GRPO later once the reward code is reviewed.",
    "I will run RLVR later, when prompts are ready.",
    "Nano3 SFT on /data/chat.jsonl; GRPO later once we have verifiers.",
  ])("puts RL off in: %s", (text) => {
    expect(read(`SFT Nano3 on /data/chat.jsonl, 8 GPUs. ${text}`).goals).not.toContain("rlvr");
  });

  it.each(["scratch the GRPO", "ditch the RL part", "get rid of the GRPO stage", "leave out GRPO"])(
    "a revision that says %s removes it and keeps the rest",
    (revision) => {
      const first = read(sftPlan);
      expect(first.goals).toContain("rlvr");
      const revised = read(revision, first);
      expect(revised.goals).not.toContain("rlvr");
      expect(revised.goals).toContain("sft");
    },
  );

  it("a revision that puts the RL off removes whichever RL goal the thread has", () => {
    const first = read(sftPlan);
    expect(first.goals).toContain("rlvr");
    const revised = read("actually we'll do the RL later. only the SFT part for now", first);
    expect(revised.goals).toEqual(["sft"]);
    const other = read("we'll do DPO later", first);
    expect(other.goals).toContain("rlvr");
  });

  it("never adds back a goal the user declined", () => {
    const planned = plan({
      goals: ["sft"],
      model: NANO3,
      data: { paths: ["/data/es.jsonl"], languages: ["es"], has: ["training_jsonl"] },
      translation: { source: "en", target: "th" },
      hardware: { totalGpus: 8 },
      outputDir: "/out",
    });
    expect(planned.steps).toContain("translate/nemo_curator");
    const declined = plan({
      goals: ["sft"],
      model: NANO3,
      data: { paths: ["/data/es.jsonl"], languages: ["es"], has: ["training_jsonl"] },
      translation: { source: "en", target: "th" },
      declined: ["translate"],
      hardware: { totalGpus: 8 },
      outputDir: "/out",
    });
    expect(declined.steps).not.toContain("translate/nemo_curator");
  });
});
