import type { ModelFindings } from "./models.js";
import type { InputPath } from "./paths.js";
import type { ReadContext } from "./scan.js";

/**
 * With no model named, or only a name no catalog step lists ("/models/x, a Qwen3-8B
 * fine-tune"), a base checkpoint path the user gave is the model (its name is the path
 * exactly as written, its format the checkpoint's); the unlisted name stays reported.
 */
export function withCheckpointModel(
  ctx: ReadContext,
  named: ModelFindings,
  inputs: readonly InputPath[],
): ModelFindings {
  const unlisted = named.model !== undefined && named.model.format === "unknown";
  if ((named.model && !unlisted) || (!named.model && named.unsupportedModels.length > 0))
    return named;
  const formats = ctx.rules.raw.route.modelArtifacts;
  const formatOf = (type: string | undefined) =>
    type === formats.hf ? "hf" : type === formats.megatron ? "megatron" : undefined;
  const base = inputs.find((i) => formatOf(i.checkpoint) && !i.trained && !i.auxiliary);
  const format = formatOf(base?.checkpoint);
  if (!base || !format) return withModelOfPath(ctx, named, inputs, formatOf);
  return {
    model: { name: base.text, format, inCatalog: false },
    unsupportedModels: named.unsupportedModels,
  };
}

/**
 * "DPO our sft ckpt /ckpts/nano3-sft/iter_0004200": with no model named, a trained
 * checkpoint whose path names a catalog model by its alias is that model, tuned.
 */
function withModelOfPath(
  ctx: ReadContext,
  named: ModelFindings,
  inputs: readonly InputPath[],
  formatOf: (type: string | undefined) => "hf" | "megatron" | undefined,
): ModelFindings {
  if (named.model) return named;
  for (const input of inputs) {
    const format = formatOf(input.checkpoint);
    if (!format || !input.trained || input.auxiliary) continue;
    const alias = ctx.rules.models.aliases.find((a) => a.cue.test(input.text));
    const name = alias ? ctx.index.aliasTarget.get(alias.alias) : undefined;
    if (!alias || !name) continue;
    return {
      model: { name, alias: alias.alias, format, inCatalog: true, tuned: true },
      unsupportedModels: named.unsupportedModels,
    };
  }
  return named;
}
