import { describe, expect, it } from "vitest";
import { mentionedOpenKeys } from "../../src/llm/index.js";

describe("which open keys a request talks about", () => {
  const keys = ["deployment.endpoints.chat", "run.model", "peft.dim", "step_scheduler.max_steps"];

  it("a common one-word key needs a value after it", () => {
    expect(
      mentionedOpenKeys("Fine-tune Nano3 on my chat JSONL with the model you think best", keys),
    ).toEqual([]);
    expect(mentionedOpenKeys("use LoRA dim 32", keys)).toEqual(["peft.dim"]);
    expect(mentionedOpenKeys("set model=/ckpt/base", keys)).toEqual(["run.model"]);
  });

  it("a multi-word key counts when all its words appear", () => {
    expect(mentionedOpenKeys("stop at max 500 steps", keys)).toEqual(["step_scheduler.max_steps"]);
  });
});

describe("a key word glued to a file name is not a mention", () => {
  it("chat.jsonl does not name deployment.endpoints.chat", () => {
    expect(
      mentionedOpenKeys("SFT Nano3 on /data/chat.jsonl", ["deployment.endpoints.chat"]),
    ).toEqual([]);
  });
});
