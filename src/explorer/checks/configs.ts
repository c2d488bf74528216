import { type Document, isScalar, parseDocument, visit } from "yaml";
import type { Finding } from "../../planner/plan.js";
import { error, info, warning } from "../../validators/index.js";
import { leaves } from "../yaml-text.js";
import type { StepToml } from "./manifest.js";
import { lineCount, linesOf, placeholderFindings } from "./text-rules.js";

/** Knob files stay short (STAGE rule: configs of at most 30 lines). */
export const MAX_CONFIG_LINES = 30;
/** OmegaConf's marker for a value that must be supplied. */
const MISSING = "???";
/** Recipe-only artifact references must not leak into standalone step configs. */
const ARTIFACT_REFERENCE = "${art:";
/** Floats PyYAML reads as floats: a dot, and a signed exponent if any. */
const PYYAML_FLOAT = /^[-+]?(\d[\d_]*)?\.[\d_]*([eE][-+]\d+)?$/;

export interface ConfigFile {
  /** Name without `.yaml`. */
  name: string;
  file: string;
  text: string;
}

function parseConfig(config: ConfigFile, out: Finding[]): Document | undefined {
  const doc = parseDocument(config.text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const reason = first.message.split("\n")[0] ?? first.message;
    out.push(
      error(
        "config_parse",
        `${config.file}${pos ? `:${pos.line}` : ""} is not valid YAML: ${reason}`,
        "Fix the YAML syntax.",
      ),
    );
    return undefined;
  }
  return doc;
}

/** Numbers spelled so that PyYAML (what OmegaConf uses) would read a string instead. */
function floatSpelling(config: ConfigFile, doc: Document): Finding[] {
  const out: Finding[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== "number" || Number.isInteger(node.value)) return;
      const source = node.source;
      if (typeof source === "string" && !PYYAML_FLOAT.test(source)) {
        out.push(
          warning(
            "yaml_float",
            `${config.file}: ${source} is a string to PyYAML`,
            `Write it with a dot and a signed exponent, e.g. ${source.includes("e") ? "5.0e-7" : "0.5"}.`,
          ),
        );
      }
    },
  });
  return out;
}

/** Data of a smoke config with its `defaults: default.yaml` base merged underneath. */
function effective(
  smoke: Map<string, unknown>,
  base: Map<string, unknown>,
  inherits: boolean,
): Map<string, unknown> {
  return inherits ? new Map([...base, ...smoke]) : smoke;
}

/**
 * The configs parse, stay short, hold no placeholders or `${art:…}` references,
 * carry every declared parameter, and ship a smoke config that lowers at least
 * one number of the default and raises none.
 */
export function checkConfigs(
  configs: readonly ConfigFile[],
  manifest: StepToml | undefined,
): Finding[] {
  const out: Finding[] = [];
  const data = new Map<string, Map<string, unknown>>();
  const raw = new Map<string, unknown>();
  for (const config of configs) {
    if (lineCount(config.text) > MAX_CONFIG_LINES) {
      out.push(
        warning(
          "config_size",
          `${config.file} has ${lineCount(config.text)} lines (aim for ${MAX_CONFIG_LINES})`,
          "Keep only the knobs; leave the rest to the recipe defaults.",
        ),
      );
    }
    out.push(...placeholderFindings(config.file, linesOf(config.text), "all"));
    if (config.text.includes(ARTIFACT_REFERENCE)) {
      out.push(
        error(
          "artifact_reference",
          `${config.file} uses \${art:…} references`,
          "Use plain paths; artifact references belong to recipe configs.",
        ),
      );
    }
    const doc = parseConfig(config, out);
    if (!doc) continue;
    out.push(...floatSpelling(config, doc));
    const js: unknown = doc.toJS();
    raw.set(config.name, js);
    data.set(config.name, leaves(js));
  }
  const base = data.get("default");
  if (!base) return out;
  const missing = [...base].filter(([, v]) => v === MISSING).map(([k]) => k);
  if (missing.length > 0) {
    out.push(
      info(
        "required_at_run_time",
        `config/default.yaml leaves ${missing.join(", ")} to be given at run time`,
        "Pass them as key=value on the command line.",
      ),
    );
  }
  for (const param of manifest?.parameters ?? []) {
    if (base.has(param.name) || [...base.keys()].some((k) => k.startsWith(`${param.name}.`)))
      continue;
    out.push(
      error(
        "param_not_in_config",
        `parameter ${param.name} of step.toml is not a key of config/default.yaml`,
        "Declare only knobs the default config carries, with the same dotted names.",
      ),
    );
  }
  const smokes = configs.filter((c) => c.name !== "default" && data.has(c.name));
  if (smokes.length === 0) {
    out.push(
      error(
        "no_smoke_config",
        "the scaffold ships no smoke config beside default.yaml",
        "Add config/tiny.yaml with fewer steps and smaller batches.",
      ),
    );
    return out;
  }
  for (const smoke of smokes) {
    const own = data.get(smoke.name) ?? new Map<string, unknown>();
    const rawSmoke = raw.get(smoke.name);
    const inherits = typeof rawSmoke === "object" && rawSmoke !== null && "defaults" in rawSmoke;
    const merged = effective(own, base, inherits);
    let lower = 0;
    for (const [key, value] of base) {
      const small = merged.get(key);
      if (typeof value !== "number" || typeof small !== "number") continue;
      if (small < value) lower += 1;
      if (small > value) {
        out.push(
          warning(
            "smoke_larger",
            `${smoke.file}: ${key} is ${small}, above the default ${value}`,
            "A smoke run should only shrink the job.",
          ),
        );
      }
    }
    if (lower === 0) {
      out.push(
        error(
          "smoke_not_reduced",
          `${smoke.file} lowers no step count or batch size of the default`,
          "Reduce max steps, batch sizes or sample counts for the smoke run.",
        ),
      );
    }
  }
  return out;
}
