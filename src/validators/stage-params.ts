import type { PlanContext } from "../planner/context.js";
import type { Finding, ParamValue, PlanDraft } from "../planner/plan.js";
import { keyAccepted } from "../planner/stage-config.js";
import { leaksSecret } from "../secrets/index.js";
import { error } from "./finding.js";

const ART_REFERENCE = "${art:";

/**
 * Stage params are safe to write: the base config ships with the step, the
 * new config lands in the step's own config dir under a new name, every key
 * exists in the shipped config or manifest, no value is an `${art:...}`
 * reference, and no value is a credential.
 */
export function checkStageParams(draft: PlanDraft, ctx: PlanContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of draft.stages) {
    const step = ctx.catalog.step(stage.step);
    if (!step) continue;
    if (!step.configs.includes(stage.baseConfig)) {
      findings.push(
        error(
          "unknown_config",
          `${stage.id} starts from ${stage.baseConfig}, which ${step.id} does not ship.`,
          `Use one of: ${step.configs.join(", ")}.`,
          stage.id,
        ),
      );
      continue;
    }
    const dir = `${step.path}/config/`;
    const file = stage.configPath.startsWith(dir) ? stage.configPath.slice(dir.length) : "";
    const name = file.replace(/\.yaml$/, "");
    if (!file.endsWith(".yaml") || file.includes("/") || step.configs.includes(name)) {
      findings.push(
        error(
          "config_path",
          `${stage.id} would write ${stage.configPath}, not a new file in ${dir}.`,
          `Write a new, unshipped <name>.yaml inside ${dir}.`,
          stage.id,
        ),
      );
    }
    for (const [key, value] of Object.entries(stage.params)) {
      if (!keyAccepted(ctx.catalog, step.id, stage.baseConfig, key)) {
        findings.push(
          error(
            "unknown_key",
            `${stage.id} sets ${key}, which ${step.id}'s ${stage.baseConfig} config and manifest do not have.`,
            "Drop the key or use the name the shipped config uses.",
            stage.id,
          ),
        );
      }
      if (hasArtReference(value)) {
        findings.push(
          error(
            "art_reference",
            `${stage.id} sets ${key} to an \${art:...} reference, which standalone configs cannot resolve.`,
            "Use the concrete path of the upstream output instead.",
            stage.id,
          ),
        );
      }
      if (leaksSecret(key, value)) {
        findings.push(
          error(
            "secret_value",
            `${stage.id} would write a credential under ${key}.`,
            "Keep the secret in the environment and put only its variable name in the config.",
            stage.id,
          ),
        );
      }
    }
  }
  return findings;
}

function hasArtReference(value: ParamValue): boolean {
  if (typeof value === "string") return value.includes(ART_REFERENCE);
  if (Array.isArray(value)) return value.some(hasArtReference);
  if (value !== null && typeof value === "object")
    return Object.values(value).some(hasArtReference);
  return false;
}
