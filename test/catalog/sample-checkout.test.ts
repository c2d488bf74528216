/**
 * The bundled sample checkout (references/sample-checkout) must carry the same
 * catalog facts as the real Nemotron catalog, while its prose is our own.
 *
 * Parses TOML and YAML directly (smol-toml, yaml) so the test does not depend
 * on src/catalog. Integers are read as bigint on both sides, so an int that
 * turned into a float (or back) is caught.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SNAPSHOT = path.resolve(repoRoot, "../shared/nemotron-snapshot");
const SAMPLE = path.join(repoRoot, "references/sample-checkout");
const STEPS = "src/nemotron/steps";
const exists = existsSync(path.join(SNAPSHOT, STEPS));

if (!exists) {
  console.warn(
    `[sample-checkout] real catalog snapshot absent at ${SNAPSHOT}: fact comparison skipped.`,
  );
}

type Table = Record<string, unknown>;

/**
 * Parameter defaults that are sentences rather than values; the sample words them
 * itself (prose never carries over), so only their type is compared. Keyed "step/param".
 */
const PROSE_DEFAULTS = new Set(["env/env_toml/output_path"]);

/**
 * Config leaves whose values are prose: file preambles, LLM prompts, judge principles.
 * The sample rewrites them in its own words, so they are compared by presence and type.
 */
const PROSE_CONFIG_KEYS = new Set(["preamble", "prompt", "default_principle"]);

/** Last key of a leaf path such as `columns[2].prompt`. */
const leafKey = (leafPath: string) => leafPath.split(".").pop() ?? leafPath;

const stepsDir = (root: string) => path.join(root, STEPS);

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

function readToml(file: string): Table {
  return parseToml(readFileSync(file, "utf8"), { integersAsBigInt: true }) as Table;
}

function readYaml(file: string): unknown {
  return parseYaml(readFileSync(file, "utf8"), { merge: true, intAsBigInt: true });
}

/** Relative dirs (under steps/) of every step.toml, sorted. */
function stepDirs(root: string): string[] {
  return walk(stepsDir(root))
    .filter((f) => path.basename(f) === "step.toml")
    .map((f) => path.relative(stepsDir(root), path.dirname(f)).split(path.sep).join("/"))
    .sort();
}

function loadStep(root: string, rel: string): Table {
  return readToml(path.join(stepsDir(root), rel, "step.toml"));
}

function list(t: Table, key: string): Table[] {
  const v = t[key];
  return Array.isArray(v) ? (v as Table[]) : [];
}

function pick(rows: Table[], keys: string[]): Table[] {
  return rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k]])));
}

function configNames(root: string, rel: string): string[] {
  const dir = path.join(stepsDir(root), rel, "config");
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).sort();
}

/** Leaf key paths of a parsed YAML value, mapped to their values. */
function leaves(value: unknown, prefix = "", out: Record<string, unknown> = {}) {
  if (Array.isArray(value)) {
    if (value.length === 0) out[prefix] = [];
    value.forEach((v, i) => {
      leaves(v, `${prefix}[${i}]`, out);
    });
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Table);
    if (entries.length === 0) out[prefix] = {};
    for (const [k, v] of entries) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

/** Frontmatter of a pattern markdown file. */
function frontmatter(file: string): Table {
  const text = readFileSync(file, "utf8");
  const match = /^---\n([\s\S]*?)\n---/.exec(text);
  if (!match?.[1]) throw new Error(`no frontmatter in ${file}`);
  return parseYaml(match[1]) as Table;
}

function patternFiles(root: string, sub: string): string[] {
  const dir = path.join(stepsDir(root), sub);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort();
}

describe.skipIf(!exists)("sample checkout mirrors the real catalog's facts", () => {
  const realSteps = exists ? stepDirs(SNAPSHOT) : [];

  it("has the same steps at the same paths", () => {
    expect(stepDirs(SAMPLE)).toEqual(realSteps);
    for (const rel of realSteps) {
      const real = loadStep(SNAPSHOT, rel).step as Table;
      const sample = loadStep(SAMPLE, rel).step as Table;
      expect(sample.id, rel).toBe(real.id);
    }
  });

  describe.each(realSteps)("step %s", (rel) => {
    const real = exists ? loadStep(SNAPSHOT, rel) : {};
    const sample = existsSync(path.join(stepsDir(SAMPLE), rel, "step.toml"))
      ? loadStep(SAMPLE, rel)
      : {};
    const realHead = (real.step ?? {}) as Table;
    const sampleHead = (sample.step ?? {}) as Table;

    it("keeps id, category and tags", () => {
      expect(sampleHead.id).toBe(realHead.id);
      expect(sampleHead.category).toBe(realHead.category);
      expect(sampleHead.tags).toEqual(realHead.tags);
      expect(typeof sampleHead.name).toBe("string");
    });

    it("keeps consumes and produces (type, required)", () => {
      for (const key of ["consumes", "produces"]) {
        expect(pick(list(sample, key), ["type", "required"]), key).toEqual(
          pick(list(real, key), ["type", "required"]),
        );
      }
    });

    it("keeps models (name, default, min_gpus)", () => {
      const keys = ["name", "default", "min_gpus"];
      expect(pick(list(sample, "models"), keys)).toEqual(pick(list(real, "models"), keys));
    });

    it("keeps parameters (name, default, choices)", () => {
      const realParams = list(real, "parameters");
      const sampleParams = list(sample, "parameters");
      expect(pick(sampleParams, ["name", "choices"])).toEqual(
        pick(realParams, ["name", "choices"]),
      );
      sampleParams.forEach((param, i) => {
        const wanted = realParams[i]?.default;
        if (PROSE_DEFAULTS.has(`${rel}/${String(param.name)}`)) {
          expect(typeof param.default, `${String(param.name)} default type`).toBe(typeof wanted);
        } else {
          expect(param.default, `${String(param.name)} default`).toEqual(wanted);
        }
      });
    });

    // `when` texts are reworded in the sample, so only how many strategies a step has is compared.
    it("keeps the number of strategies and the error names", () => {
      expect(list(sample, "strategies")).toHaveLength(list(real, "strategies").length);
      for (const s of list(sample, "strategies")) expect(typeof s.when).toBe("string");
      expect(list(sample, "errors").map((e) => e.name)).toEqual(
        list(real, "errors").map((e) => e.name),
      );
    });

    it("keeps skill paths and reference paths", () => {
      for (const key of ["strategies", "errors"]) {
        expect(list(sample, key).map((s) => s.skill)).toEqual(list(real, key).map((s) => s.skill));
      }
      const realRef = (real.reference ?? {}) as Table;
      for (const [k, v] of Object.entries((sample.reference ?? {}) as Table)) {
        expect(v, `reference.${k}`).toEqual(realRef[k]);
      }
    });

    it("ships the same config file names", () => {
      expect(configNames(SAMPLE, rel)).toEqual(configNames(SNAPSHOT, rel));
    });

    it("describes things in its own words", () => {
      const norm = (s: unknown) =>
        String(s ?? "")
          .replace(/\s+/g, " ")
          .trim();
      expect(norm(sampleHead.description)).not.toBe("");
      expect(norm(sampleHead.description)).not.toBe(norm(realHead.description));
      const prose: Array<[string, string]> = [
        ["consumes", "description"],
        ["produces", "description"],
        ["models", "description"],
        ["parameters", "description"],
        ["strategies", "then"],
        ["errors", "recovery"],
      ];
      for (const [key, field] of prose) {
        const realRows = list(real, key);
        list(sample, key).forEach((row, i) => {
          const copied = norm(row[field]) === norm(realRows[i]?.[field]);
          expect(copied, `${key}[${i}].${field} is copied`).toBe(false);
        });
      }
    });
  });

  describe("shipped configs", () => {
    const configs = exists
      ? realSteps.flatMap((rel) =>
          configNames(SNAPSHOT, rel)
            .filter((f) => f.endsWith(".yaml"))
            .map((f) => `${rel}/config/${f}`),
        )
      : [];

    it.each(configs)("%s has the same leaf keys and values", (rel) => {
      const real = leaves(readYaml(path.join(stepsDir(SNAPSHOT), rel)));
      const sample = leaves(readYaml(path.join(stepsDir(SAMPLE), rel)));
      expect(Object.keys(sample).sort()).toEqual(Object.keys(real).sort());
      for (const [key, value] of Object.entries(real)) {
        if (PROSE_CONFIG_KEYS.has(leafKey(key))) {
          expect(typeof sample[key], `${key} type`).toBe(typeof value);
          expect(sample[key], `${key} is copied`).not.toEqual(value);
        } else {
          expect(sample[key], key).toEqual(value);
        }
      }
    });
  });

  it("types.toml keeps type names, is_a and convert_to", () => {
    const real = readToml(path.join(stepsDir(SNAPSHOT), "types.toml"));
    const sample = readToml(path.join(stepsDir(SAMPLE), "types.toml"));
    expect(Object.keys(sample).sort()).toEqual(Object.keys(real).sort());
    for (const [name, def] of Object.entries(real)) {
      const r = def as Table;
      const s = sample[name] as Table;
      expect(s.is_a, `${name}.is_a`).toEqual(r.is_a);
      expect(s.convert_to, `${name}.convert_to`).toEqual(r.convert_to);
      expect(String(s.description), `${name}.description`).not.toBe(String(r.description));
    }
  });

  it.each(["patterns", "byob/patterns"])("%s keep ids, tags, steps, confidence", (sub) => {
    const names = patternFiles(SNAPSHOT, sub);
    expect(patternFiles(SAMPLE, sub)).toEqual(names);
    for (const file of names) {
      const real = frontmatter(path.join(stepsDir(SNAPSHOT), sub, file));
      const sample = frontmatter(path.join(stepsDir(SAMPLE), sub, file));
      expect(Object.keys(sample).sort(), file).toEqual(Object.keys(real).sort());
      for (const key of ["id", "tags", "steps", "confidence"]) {
        expect(sample[key], `${file} ${key}`).toEqual(real[key]);
      }
      expect(sample.title, `${file} title`).not.toBe(real.title);
    }
  });

  it("byob/patterns/index.yaml lists the same ids and confidence", () => {
    const read = (root: string) =>
      (
        (readYaml(path.join(stepsDir(root), "byob/patterns/index.yaml")) as Table)
          .patterns as Table[]
      ).map((p) => ({ id: p.id, confidence: p.confidence }));
    expect(read(SAMPLE)).toEqual(read(SNAPSHOT));
  });
});
