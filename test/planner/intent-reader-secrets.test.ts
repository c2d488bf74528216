import { describe, expect, it } from "vitest";
import { intentReader, PREFERRED_ROOT as ROOT } from "./intent-fixtures.js";

if (!ROOT)
  console.warn(
    "[tests] no catalog (snapshot or sample checkout): intent secret tests are skipped.",
  );

describe.skipIf(!ROOT)("secrets and key=value overrides", () => {
  const read = intentReader(ROOT ?? "");

  it("never keeps a pasted secret value, only credential variable names", () => {
    const secrets = [
      "nvapi-abc123def456ghi",
      "abc123xyz",
      "hunter2",
      "hf_AbCdEfGhIjKlMnOp",
      "sk-live00000000abcd",
    ];
    const intent = read(
      `Evaluate https://x.example.com/v1 api_key=${secrets[0]} token: ${secrets[1]} password=${secrets[2]} ` +
        `HF_TOKEN=${secrets[3]} my key is ${secrets[4]} and export OPENAI_API_KEY first`,
    );
    const json = JSON.stringify(intent);
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(intent.authVars).toEqual(expect.arrayContaining(["HF_TOKEN", "OPENAI_API_KEY"]));
    expect(Object.keys(intent.overrides)).toEqual([]);
    // The stored request keeps its shape with the values replaced.
    expect(intent.requests[0]).toContain("api_key=[redacted]");
    expect(intent.requests[0]).toContain("token: [redacted]");
    expect(intent.requests[0]).toContain("my key is [redacted]");
  });

  it("redacts earlier messages of a thread too", () => {
    const first = read("SFT Nano3 with HF_TOKEN=hf_AbCdEfGhIjKlMnOp");
    const next = read("use 8 GPUs, password: s3cr3t-value", first);
    const json = JSON.stringify(next);
    expect(json).not.toContain("hf_AbCdEfGhIjKlMnOp");
    expect(json).not.toContain("s3cr3t-value");
    expect(next.requests).toHaveLength(2);
    expect(next.authVars).toEqual(["HF_TOKEN"]);
  });

  it("records the variable named by a key-name setting and drops the setting", () => {
    const intent = read(
      "translate /data/x.jsonl to Hindi server.api_key_env=NVIDIA_API_KEY target.api_endpoint.api_key_name=MY_EVAL_KEY",
    );
    expect(intent.authVars).toEqual(expect.arrayContaining(["NVIDIA_API_KEY", "MY_EVAL_KEY"]));
    expect(intent.overrides).toEqual({});
  });

  it("keeps settings whose names only contain token-like words", () => {
    const intent = read("SFT Nano3 tokenizer=nvidia/foo max_tokens=512 author=me");
    expect(intent.overrides).toEqual({ tokenizer: "nvidia/foo", max_tokens: "512", author: "me" });
  });

  it("unquotes values once and keeps them verbatim", () => {
    const intent = read(
      `translate input_path="$TR_ROOT/news_en" output_dir="$TR_ROOT/out_llm_hi" text_field='messages.*.content' ` +
        `source_language=en target_language=hi backend=llm faith_eval.enabled=false`,
    );
    expect(intent.overrides).toMatchObject({
      input_path: "$TR_ROOT/news_en",
      output_dir: "$TR_ROOT/out_llm_hi",
      text_field: "messages.*.content",
    });
    expect(intent.data.paths).toEqual(["$TR_ROOT/news_en"]);
    expect(intent.outputDir).toBe("$TR_ROOT/out_llm_hi");
    expect(intent.translation).toEqual({
      source: "en",
      target: "hi",
      backend: "llm",
      faith: false,
      textField: "messages.*.content",
    });
  });

  it("reads a whole quoted pair and the task list inside it", () => {
    const intent = read(
      `uv run nemotron steps run eval/model_eval -c tiny_chat --dry-run target.api_endpoint.url="$EVAL_ENDPOINT_URL" ` +
        `target.api_endpoint.model_id=meta/llama-3.1-8b-instruct 'evaluation.tasks=[{name: ifeval}, {name: gsm8k}]'`,
    );
    expect(intent.overrides["evaluation.tasks"]).toBe("[{name: ifeval}, {name: gsm8k}]");
    expect(intent.eval).toMatchObject({
      endpointUrl: "$EVAL_ENDPOINT_URL",
      modelId: "meta/llama-3.1-8b-instruct",
      tasks: ["ifeval", "gsm8k"],
    });
    expect(intent.explicitSteps).toEqual(["eval/model_eval"]);
    expect(intent.configName).toBe("tiny_chat");
    expect(intent.model).toBeUndefined();
  });

  it("keeps a path whole even when part of it looks like a credential", () => {
    const intent = read("Curate /data/sk-notasecret000/raw.jsonl and /mnt/HF_TOKEN_DIR/x.jsonl");
    expect(intent.data.paths).toEqual([
      "/data/sk-notasecret000/raw.jsonl",
      "/mnt/HF_TOKEN_DIR/x.jsonl",
    ]);
    expect(intent.authVars).toEqual([]);
  });

  it("takes sentence punctuation off values and paths but keeps globs", () => {
    const intent = read(
      "Translate /data/news/*.jsonl, to Hindi with text_field=text; output to /out/hi.",
    );
    expect(intent.data.paths).toEqual(["/data/news/*.jsonl"]);
    expect(intent.outputDir).toBe("/out/hi");
    expect(intent.overrides).toEqual({ text_field: "text" });
  });
});
