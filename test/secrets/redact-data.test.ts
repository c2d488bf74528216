import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isEnvReference,
  isEnvVarName,
  isSafeSecretValue,
  isSecretKey,
  REDACTED,
  type Redacted,
  redactSecrets,
} from "../../src/secrets/index.js";
import { interp } from "../act/fixture.js";

describe("isSecretKey", () => {
  it.each([
    "api_key",
    "HF_TOKEN",
    "authorization",
    "Authorization",
    "client_secret",
    "DB_PASSWORD",
    "credentials",
    "apiKey",
    "accessToken",
    "WANDB_API_KEY",
    "tokenizer_api_key",
    "api_key_env",
  ])("treats %s as secret", (name) => {
    expect(isSecretKey(name)).toBe(true);
  });

  it.each([
    "name",
    "path",
    "max_tokens",
    "max_new_tokens",
    "max_doc_tokens",
    "tokenizer",
    "save_tokenizer",
    "stop_token_ids",
    "token_level_loss",
    "calculate_per_token_loss",
    "author",
    "keywords",
  ])("treats %s as public", (name) => {
    expect(isSecretKey(name)).toBe(false);
  });

  it("matches markers in any case and with any separator around them", () => {
    const prefix = fc.constantFrom("", "hf_", "api_", "client-", "db.", "wandb_", "ngc", "x");
    const marker = fc.constantFrom("token", "key", "secret", "password", "credential", "auth");
    const suffix = fc.constantFrom("", "_env", "_value", "2", "-main", ".file");
    const casing = fc.constantFrom<(s: string) => string>(
      (s) => s,
      (s) => s.toUpperCase(),
      (s) => s.charAt(0).toUpperCase() + s.slice(1),
    );
    fc.assert(
      fc.property(prefix, marker, suffix, casing, (p, m, s, c) => isSecretKey(c(`${p}${m}${s}`))),
    );
  });
});

describe("env var names and references", () => {
  it("tells names and placeholders from values", () => {
    expect(isEnvVarName("NVIDIA_API_KEY")).toBe(true);
    expect(isEnvVarName("nvapi-abc123")).toBe(false);
    expect(isEnvReference(interp("oc.env:HF_TOKEN"))).toBe(true);
    expect(isEnvReference(interp("oc.env:HF_TOKEN,''"))).toBe(true);
    expect(isEnvReference(interp("oc.env:HF_TOKEN,hf_literal"))).toBe(false);
    expect(isSafeSecretValue("")).toBe(true);
    expect(isSafeSecretValue(true)).toBe(true);
    expect(isSafeSecretValue(1234)).toBe(false);
    expect(isSafeSecretValue("sk-live-123")).toBe(false);
  });
});

/** Random JSON objects whose keys mix secret-looking, public and arbitrary names. */
const keyArb = fc.oneof(
  fc.constantFrom("HF_TOKEN", "api_key", "password", "Authorization", "client_secret", "creds"),
  fc.constantFrom("name", "path", "max_tokens", "tokenizer", "text", "env_vars", "items"),
  fc.string({ maxLength: 8 }),
);
const leafArb = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    leafArb,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(keyArb, tie("tree"), { maxKeys: 5 }),
  ),
}));
const objectArb = fc.dictionary(keyArb, tree, { maxKeys: 6 });

interface Leaf {
  path: (string | number)[];
  value: unknown;
  secret: boolean;
}

function leaves(value: unknown, path: (string | number)[], secret: boolean, out: Leaf[]): Leaf[] {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) leaves(item, [...path, i], secret, out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      leaves(child, [...path, key], secret || isSecretKey(key), out);
    }
  } else out.push({ path, value, secret });
  return out;
}

function at(value: Redacted, path: (string | number)[]): Redacted | undefined {
  let node: Redacted | undefined = value;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = Array.isArray(node) ? node[Number(part)] : node[String(part)];
  }
  return node;
}

describe("redactSecrets", () => {
  it("masks every string or number under a secret-looking key and keeps the rest", () => {
    fc.assert(
      fc.property(objectArb, (input) => {
        const output = redactSecrets(input);
        for (const leaf of leaves(input, [], false, [])) {
          const shown = at(output, leaf.path);
          const maskable = typeof leaf.value === "string" || typeof leaf.value === "number";
          if (leaf.secret && maskable) expect(shown).toBe(REDACTED);
          else if (!leaf.secret) expect(shown).toEqual(leaf.value);
        }
      }),
    );
  });

  it("never lets a canary placed under a secret key reach the JSON", () => {
    const secretKey = fc.constantFrom(
      "HF_TOKEN",
      "api_key",
      "db_password",
      "authorization",
      "x_secret",
    );
    fc.assert(
      fc.property(
        objectArb,
        secretKey,
        fc.array(keyArb, { maxLength: 3 }),
        fc.stringMatching(/^[a-z0-9]{6,20}$/),
        fc.boolean(),
        (input, key, below, noise, keep) => {
          const canary = `canary-${noise}`;
          let slot: Record<string, unknown> = input;
          for (const part of [key, ...below]) {
            const next: Record<string, unknown> = {};
            slot[part] = next;
            slot = next;
          }
          slot.value = canary;
          const json = JSON.stringify(redactSecrets(input, { keepEnvVarNames: keep }));
          expect(json).not.toContain(canary);
        },
      ),
    );
  });

  it("keeps env var names only when asked, and masks listed values anywhere", () => {
    const input = {
      auth: { api_key_env: "NVIDIA_API_KEY", api_key: "nvapi-123" },
      note: "uses nvapi-123",
    };
    expect(redactSecrets(input)).toEqual({
      auth: { api_key_env: REDACTED, api_key: REDACTED },
      note: "uses nvapi-123",
    });
    expect(redactSecrets(input, { keepEnvVarNames: true, values: ["nvapi-123"] })).toEqual({
      auth: { api_key_env: "NVIDIA_API_KEY", api_key: REDACTED },
      note: `uses ${REDACTED}`,
    });
  });

  it("survives cycles and non-plain values", () => {
    const loop: Record<string, unknown> = { token: "abc" };
    loop.self = loop;
    expect(redactSecrets(loop)).toEqual({ token: REDACTED, self: "[circular]" });
    expect(redactSecrets(new Map([["password", "pw-1"]]))).toEqual({ password: REDACTED });
  });
});
