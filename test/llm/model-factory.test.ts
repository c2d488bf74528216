import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LlmConfigError } from "../../src/llm/errors.js";
import {
  createChatModel,
  NVIDIA_BASE_URL,
  NVIDIA_DEFAULT_MODEL,
  resolveModelConfig,
} from "../../src/llm/model-factory.js";
import { repoRoot } from "../helpers/snapshot.js";

const resolve = (
  flags: Parameters<typeof resolveModelConfig>[0]["flags"],
  env: Record<string, string> = {},
) => resolveModelConfig({ flags, env });

describe("resolveModelConfig", () => {
  it("is offline when nothing is configured, or when --offline is given", () => {
    expect(resolve({}).mode).toBe("offline");
    expect(resolve({ offline: true }, { NVIDIA_API_KEY: "k" }).mode).toBe("offline");
    // An OpenAI key alone (no model, no URL) is common in shells and does not switch modes.
    expect(resolve({}, { OPENAI_API_KEY: "k" }).mode).toBe("offline");
  });

  it("defaults to NVIDIA's API and a Nemotron model when NVIDIA_API_KEY is set", () => {
    expect(resolve({}, { NVIDIA_API_KEY: "k" })).toEqual({
      mode: "llm",
      baseUrl: NVIDIA_BASE_URL,
      model: NVIDIA_DEFAULT_MODEL,
      apiKeyEnv: "NVIDIA_API_KEY",
    });
  });

  it("takes flags over NEMOTRON_CUSTOMIZE_* over OPENAI_BASE_URL", () => {
    const env = {
      NEMOTRON_CUSTOMIZE_BASE_URL: "http://nim.local:8000/v1/",
      NEMOTRON_CUSTOMIZE_MODEL: "env-model",
      OPENAI_BASE_URL: "http://openai-compatible.local/v1",
      OPENAI_API_KEY: "k",
    };
    expect(resolve({}, env)).toEqual({
      mode: "llm",
      baseUrl: "http://nim.local:8000/v1",
      model: "env-model",
      apiKeyEnv: "OPENAI_API_KEY",
    });
    expect(resolve({ baseUrl: "http://127.0.0.1:11434/v1", model: "llama3.1" }, env)).toMatchObject(
      {
        baseUrl: "http://127.0.0.1:11434/v1",
        model: "llama3.1",
      },
    );
    const { NEMOTRON_CUSTOMIZE_BASE_URL: _b, NEMOTRON_CUSTOMIZE_MODEL: _m, ...rest } = env;
    expect(resolve({ model: "m" }, rest)).toMatchObject({
      baseUrl: "http://openai-compatible.local/v1",
    });
  });

  it("needs no key for a local server, and asks for a model on a custom endpoint", () => {
    expect(resolve({ baseUrl: "http://127.0.0.1:8000/v1", model: "m" })).toMatchObject({
      apiKeyEnv: undefined,
    });
    expect(() => resolve({ baseUrl: "http://127.0.0.1:8000/v1" })).toThrow(LlmConfigError);
    expect(() => resolve({ baseUrl: "ftp://x", model: "m" })).toThrow(/must start with http/);
  });

  it("names the key variable, never the key, and keeps credentials out of messages", () => {
    const config = resolve({}, { NVIDIA_API_KEY: "nvapi-secret-value-123" });
    expect(JSON.stringify(config)).not.toContain("nvapi-secret-value-123");
    let message = "";
    try {
      resolve({ baseUrl: "https://user:pw-secret@host.example/v1" });
    } catch (error) {
      message = error instanceof Error ? error.message : "";
    }
    expect(message).toContain("https://host.example/v1");
    expect(message).not.toContain("pw-secret");
  });
});

describe("createChatModel", () => {
  it("builds a ChatOpenAI for the endpoint, with the key from the named variable", async () => {
    const model = await createChatModel(
      { mode: "llm", model: "m", baseUrl: "http://127.0.0.1:9/v1", apiKeyEnv: "NVIDIA_API_KEY" },
      { NVIDIA_API_KEY: "nvapi-zzz" },
    );
    expect(model.constructor.name).toBe("ChatOpenAI");
    expect(model._llmType()).toBe("openai");
    // LangChain marks the key as a secret, so serialising the model does not expose it.
    expect(JSON.stringify(model)).not.toContain("nvapi-zzz");
  });

  it("is the only place that loads @langchain/openai, and only on demand", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith(".ts")) files.push(full);
      }
    };
    walk(path.join(repoRoot, "src"));
    const staticImports = files.filter((file) =>
      /^import\s+(?!type\b)[^;]*from\s+"@langchain\/openai"/m.test(readFileSync(file, "utf8")),
    );
    expect(staticImports).toEqual([]);
    const dynamic = files.filter((file) =>
      readFileSync(file, "utf8").includes('import("@langchain/openai")'),
    );
    expect(dynamic.map((f) => path.relative(repoRoot, f))).toEqual(["src/llm/model-factory.ts"]);
  });
});
