import { describe, expect, it } from "vitest";
import { hidesValue, holdsVariableName, isSecretKey } from "../../src/secrets/index.js";

describe("the one credential-key rule", () => {
  it("keeps token counts and tokenizer settings visible", () => {
    for (const key of [
      "generation_model_config.inference_parameters.max_tokens",
      "loss_fn.token_level_loss",
      "model.calculate_per_token_loss",
      "policy.generation.stop_token_ids",
      "genrm_model.return_token_id_information",
      "tokenizer.model",
      "max_doc_tokens",
    ]) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });

  it("treats credentials as secret, and a variable-name slot as showable", () => {
    for (const key of [
      "api_token",
      "HF_TOKEN",
      "server.api_key",
      "wandb.password",
      "authorization",
    ]) {
      expect(isSecretKey(key), key).toBe(true);
      expect(hidesValue(key), key).toBe(true);
    }
    for (const key of ["server.api_key_env", "target.api_endpoint.api_key_name"]) {
      expect(isSecretKey(key), key).toBe(true);
      expect(holdsVariableName(key), key).toBe(true);
      expect(hidesValue(key), key).toBe(false);
    }
  });
});
