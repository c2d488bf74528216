import { z } from "zod";
import { onFirstUse } from "../../catalog/index.js";
import { entityRuleSchemas } from "./schema/entities.js";
import { goalRuleSchemas } from "./schema/goals.js";
import { routeRuleSchemas } from "./schema/route.js";
import { valueRuleSchemas } from "./schema/values.js";

export {
  CueSchema,
  type CueSpec,
  type StepSelector,
  StepSelectorSchema,
} from "./schema/cues.js";

/**
 * The whole rules document after `include` files are merged in, one family
 * of keys per module under `schema/` (as the YAML files split them). Built on
 * first use: a run on the build's compiled copy of the rules never builds it.
 */
export const intentRulesSchema = onFirstUse(() => {
  const route = routeRuleSchemas();
  const goals = goalRuleSchemas();
  const entities = entityRuleSchemas();
  const values = valueRuleSchemas();
  return z.object({
    version: z.literal(1),
    include: z.array(z.string()).default([]),
    route: route.route,
    goals: goals.goals,
    goalRules: goals.goalRules,
    backends: goals.backends,
    lora: goals.lora,
    quality: route.quality,
    commandOnly: route.commandOnly,
    followUp: route.followUp,
    models: entities.models,
    hardware: entities.hardware,
    executor: entities.executor,
    languages: entities.languages,
    languageRoles: entities.languageRoles,
    literals: values.literals,
    data: values.data,
    paths: values.paths,
    translation: values.translation,
    eval: values.eval,
    settings: values.settings,
    directEdges: values.directEdges,
    deliverables: values.deliverables,
  });
});
export type RawIntentRules = z.infer<ReturnType<typeof intentRulesSchema>>;
