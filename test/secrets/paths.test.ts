import { describe, expect, it } from "vitest";
import { isPathLike, pathAllowed, writtenPaths } from "../../src/secrets/index.js";

describe("the one path rule", () => {
  it("treats absolute, relative, home, file: and any URL scheme as paths", () => {
    for (const path of [
      "/",
      "/data/x.jsonl",
      "./out",
      "../up",
      "~/ckpt",
      "~root/.ssh",
      "file:/etc/passwd",
      "file:///etc/passwd",
      "http://evil.example/x",
      "s3://bucket/key",
      "hf://org/model",
      "data/chat",
      "meta-llama/Llama-3.1-8B",
      "C:\\data",
    ]) {
      expect(isPathLike(path), path).toBe(true);
    }
    for (const word of ["nano3", "0.05", "torch_save", "te", "bf16", "key:", ""]) {
      expect(isPathLike(word), word).toBe(false);
    }
  });

  it("reads the paths a text writes as whole tokens, without the punctuation around them", () => {
    expect(writtenPaths('data at "/data/chat.jsonl", outputs under /out/run. Use ~/x: ok')).toEqual(
      ["/data/chat.jsonl", "/out/run", "~/x"],
    );
  });

  it("allows a path only when it is a whole written one or inside an output directory", () => {
    const given = ["/data/chat.jsonl", "/out/run"];
    expect(pathAllowed("/data/chat.jsonl", given)).toBe(true);
    expect(pathAllowed("/data", given)).toBe(false);
    expect(pathAllowed("/", given)).toBe(false);
    expect(pathAllowed("/out", given, ["/out/run"])).toBe(false);
    expect(pathAllowed("/out/run/ckpt", given, ["/out/run"])).toBe(true);
    expect(pathAllowed("/out/run//./ckpt", given, ["/out/run"])).toBe(true);
    expect(pathAllowed("/out/run/../../etc", given, ["/out/run"])).toBe(false);
    expect(pathAllowed("file:/out/run/x", given, ["/out/run"])).toBe(false);
    expect(pathAllowed("/anything", given, ["/"])).toBe(false);
  });
});
