export { FAMILIES, type FamilyId, FamilyIdSchema, type RewriteFamily } from "./families.js";
export {
  ALL_SHAPES,
  type HardwareMeaning,
  type HardwarePhrase,
  hardwarePhrases,
  numberWord,
  renderHardware,
  type ShapeId,
} from "./hardware-phrases.js";
export {
  assertValuesKept,
  checkRewrite,
  type FamilyScore,
  KNOWN_FAILING_FAMILIES,
  type KnownGap,
  type MetamorphicCase,
  type MetamorphicReport,
  type RewriteFailure,
  RewriteGeneratorError,
  runMetamorphic,
} from "./run.js";
export {
  offlineSignature,
  type PlanSignature,
  PlanSignatureSchema,
  type SignatureChange,
  type SignatureOf,
  signatureChanges,
} from "./signature.js";
export { mapProse, protectedSpans, protectedValues, type Span } from "./spans.js";
