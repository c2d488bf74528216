import { answersData } from "./answers-data.js";
import { anyConditionHolds, type ConditionScope, stepDefinesKey } from "./step-keys.js";

/** A step run that talks to a credentialed service, and what is known of its credential. */
export interface HostedCall {
  /** What is called, in words (from answers.yaml). */
  service: string;
  /** Config key that stores the credential variable's name, when the step has one. */
  authKey?: string | undefined;
  /** The variable name the user gave; undefined when it still has to be asked. */
  authVar?: string | undefined;
}

/** Environment variable names the shell and the runner accept. */
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The hosted service this run calls, if any, with the auth variable the user named (never a default). */
export function hostedCall(scope: ConditionScope): HostedCall | undefined {
  const entry = answersData().hosted.find(
    (h) => h.step === scope.step.id && anyConditionHolds(h.when, scope),
  );
  if (!entry) return undefined;
  const authKey =
    entry.authKey && stepDefinesKey(scope.catalog, scope.step, scope.config, entry.authKey)
      ? entry.authKey
      : undefined;
  const authVar = scope.intent.authVars.find((name) => ENV_VAR_NAME.test(name));
  return { service: entry.service, authKey, authVar };
}
