import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type Catalog, consumersOf, loadCatalog, producersOf } from "../../src/catalog/index.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { findFiles, STEPS } from "./fixture-checkout.js";

/** The ports of a raw manifest, with the defaults the format documents (required, empty text). */
function rawPorts(value: unknown): Array<Record<string, unknown>> {
  const list: unknown[] = Array.isArray(value) ? value : [];
  return list.map((port) => {
    const fields = new Map(Object.entries(port ?? {}));
    return {
      type: fields.get("type"),
      required: fields.get("required") ?? true,
      description: fields.get("description") ?? "",
    };
  });
}

const PatternIndex = z.object({
  patterns: z.array(z.object({ id: z.string(), title: z.string() })),
});

function stepIdOf(manifest: string): string {
  return path
    .relative(path.join(SNAPSHOT, STEPS), path.dirname(manifest))
    .split(path.sep)
    .join("/");
}

describe.skipIf(!hasSnapshot)("catalog of the real snapshot", () => {
  let catalog: Catalog;
  const stepsDir = path.join(SNAPSHOT, STEPS);
  const manifests = hasSnapshot ? findFiles(stepsDir, "step.toml") : [];

  beforeAll(() => {
    catalog = loadCatalog(SNAPSHOT);
  });

  it("loads every step.toml in the tree", () => {
    expect(manifests.length).toBeGreaterThan(0);
    expect(catalog.steps).toHaveLength(manifests.length);
    expect(catalog.steps.map((s) => s.id).sort()).toEqual(manifests.map(stepIdOf).sort());
  });

  it("keeps consumes and produces exactly as the raw TOML declares them", () => {
    for (const file of manifests) {
      const raw = parseToml(readFileSync(file, "utf8"));
      const step = catalog.step(stepIdOf(file));
      expect(step, file).toBeDefined();
      expect(step?.consumes, file).toEqual(rawPorts(raw.consumes));
      expect(step?.produces, file).toEqual(rawPorts(raw.produces));
    }
  });

  it("reads the models and GPU minimums of sft/megatron_bridge", () => {
    const step = catalog.step("sft/megatron_bridge");
    expect(step?.models).toHaveLength(3);
    expect(step?.models.map((m) => m.min_gpus)).toEqual([8, 8, 32]);
    expect(step?.models.filter((m) => m.default)).toHaveLength(1);
  });

  it("finds the consumers of packed_parquet", () => {
    const ids = consumersOf(catalog.steps, catalog.artifacts, "packed_parquet").map((s) => s.id);
    expect(ids.sort()).toEqual(["peft/megatron_bridge", "sft/megatron_bridge"]);
    const producers = producersOf(catalog.steps, catalog.artifacts, "packed_parquet").map(
      (s) => s.id,
    );
    expect(producers).toContain("data_prep/sft_packing");
  });

  it("follows is_a edges in one direction only, transitively", () => {
    const graph = catalog.artifacts;
    expect(graph.isCompatible("filtered_jsonl", "training_jsonl")).toBe(true);
    expect(graph.isCompatible("training_jsonl", "filtered_jsonl")).toBe(false);
    expect(graph.isCompatible("translated_mcq_benchmark_parquet", "benchmark_parquet")).toBe(true);
    expect(graph.compatibleTargets("filtered_jsonl")[0]).toBe("filtered_jsonl");
  });

  it("names the converter between checkpoint formats", () => {
    expect(catalog.artifacts.converterFor("checkpoint_hf", "checkpoint_megatron")).toBe(
      "convert/hf_to_megatron",
    );
    expect(catalog.artifacts.converterFor("packed_parquet", "checkpoint_hf")).toBeUndefined();
  });

  it("lists each step's configs as the yaml files of its config folder", () => {
    for (const step of catalog.steps) {
      const dir = path.join(SNAPSHOT, step.path, "config");
      const names = existsSync(dir)
        ? readdirSync(dir)
            .filter((n) => n.endsWith(".yaml"))
            .map((n) => n.replace(/\.yaml$/, ""))
            .sort()
        : [];
      expect(step.configs, step.id).toEqual(names);
    }
  });

  it("parses a config on demand and caches the document", () => {
    const first = catalog.config("sft/megatron_bridge", "default");
    const again = catalog.config("sft/megatron_bridge", "default");
    expect(again).toBe(first);
    const raw = parseYaml(
      readFileSync(catalog.configPath("sft/megatron_bridge", "default"), "utf8"),
    );
    expect(first.toJS()).toEqual(raw);
    expect(() => catalog.config("sft/megatron_bridge", "no_such_config")).toThrow(
      /no config named/,
    );
  });

  it("reads global and byob patterns with ids and titles", () => {
    const global = catalog.patterns.filter((p) => p.scope === "global");
    const byob = catalog.patterns.filter((p) => p.scope === "byob");
    const mdNames = (dir: string) =>
      readdirSync(dir)
        .filter((n) => n.endsWith(".md"))
        .map((n) => n.replace(/\.md$/, ""))
        .sort();
    expect(global.map((p) => p.id).sort()).toEqual(mdNames(path.join(stepsDir, "patterns")));
    expect(byob.map((p) => p.id).sort()).toEqual(mdNames(path.join(stepsDir, "byob/patterns")));
    for (const pattern of catalog.patterns) {
      expect(pattern.title.trim(), pattern.id).not.toBe("");
      expect(existsSync(path.join(SNAPSHOT, pattern.path)), pattern.path).toBe(true);
    }
    const indexText = readFileSync(path.join(stepsDir, "byob/patterns/index.yaml"), "utf8");
    const index = PatternIndex.parse(parseYaml(indexText));
    expect(index.patterns.length).toBeGreaterThan(0);
    for (const entry of index.patterns) {
      expect(byob.find((p) => p.id === entry.id)?.title).toBe(entry.title);
    }
  });

  it("reads the context packs, each tied to a catalog step", () => {
    expect(catalog.contextPacks.length).toBeGreaterThan(0);
    for (const pack of catalog.contextPacks) {
      expect(catalog.step(pack.step), pack.id).toBeDefined();
    }
  });
});
