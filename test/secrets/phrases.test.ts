import { describe, expect, it } from "vitest";
import { redactText } from "../../src/secrets/index.js";

describe("credentials introduced by a provider's name", () => {
  it("masks W&B, WANDB and NGC keys however they are introduced, and masking twice changes nothing", () => {
    const text =
      "My W&B api key is wbk9f8e7d6c5b4a3, WANDB key: wdk1a2b3c4d5e6f7, NGC key = ngk7f6e5d4c3b2a1, weights and biases key is wab12345678.";
    const once = redactText(text);
    expect(once).toBe(
      "My W&B api key is [redacted], WANDB key: [redacted], NGC key = [redacted], weights and biases key is [redacted].",
    );
    expect(redactText(once)).toBe(once);
  });
});
