/**
 * Every rewrite family, in report order. A rewrite keeps the request's meaning by construction:
 * each family changes one kind of wording, only where its own grammar recognizes it.
 */
import { clauseOrder, clauseSwap } from "./clause-families.js";
import { digitsWords, digitsWordsValues, hardwarePhrasing } from "./count-families.js";
import type { RewriteFamily } from "./family.js";
import {
  casing,
  goalVerb,
  goalVerbTrain,
  modelAlias,
  politeFiller,
  politeQuestion,
} from "./wording-families.js";

export { type FamilyId, FamilyIdSchema, type RewriteFamily } from "./family.js";

/** Every family, in report order. */
export const FAMILIES: readonly RewriteFamily[] = [
  digitsWords,
  digitsWordsValues,
  hardwarePhrasing,
  clauseOrder,
  clauseSwap,
  goalVerb,
  goalVerbTrain,
  modelAlias,
  politeFiller,
  politeQuestion,
  casing,
];
