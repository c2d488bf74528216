import { AIMessage, HumanMessage } from "@langchain/core/messages";
import type { Finding } from "../planner/plan.js";
import type { Usage } from "../planner/result.js";
import { type KnownSecrets, redactText } from "../secrets/index.js";
import { callStructured, type MethodFailure, type StructuredRequest } from "./structured.js";
import { addUsage } from "./usage.js";

/** Follow-up turns that send a validator's findings back before the model's output is given up. */
export const MAX_REPAIRS = 2;

export interface RepairRequest<T> extends StructuredRequest<T> {
  /** Checks the parsed reply; `error` findings trigger a repair turn, others are kept. */
  validate(value: T): Finding[];
  /** What the output is for, as it should read in a warning ("the plan prose"). */
  task: string;
  maxRepairs?: number;
  /** Literal secrets of this run: masked, with every credential the rules know, in the reply sent back. */
  secrets?: KnownSecrets;
}

export interface RepairResult<T> {
  /** A reply that passed the validator, or undefined (then `findings` holds the warning). */
  value: T | undefined;
  findings: Finding[];
  usage: Usage;
  attempts: number;
  /** Follow-up turns used. */
  repairs: number;
}

/**
 * The warning every task gives when the model's output cannot be used. Like
 * every plan finding, the renderer puts `WARNING:` in front of it.
 */
export function unusableFinding(task: string, reason: string): Finding {
  return {
    level: "warning",
    code: "llm_output_unusable",
    message: `the model output was unusable (${task}: ${reason}); using the rule-based result`,
  };
}

/** Why no output method gave a usable reply, in a few words. */
export function failureSummary(failures: readonly MethodFailure[]): string {
  if (failures.length === 0) return "no reply";
  return failures.map((f) => `${f.method}: ${f.reason}`).join("; ");
}

/** No value, one warning saying why, and the cost spent getting there. */
function givenUp<T>(
  task: string,
  reason: string,
  spent: Pick<RepairResult<T>, "usage" | "attempts" | "repairs">,
): RepairResult<T> {
  return { value: undefined, findings: [unusableFinding(task, reason)], ...spent };
}

/**
 * Ask, validate, and when the validator reports errors, send them back as a
 * follow-up turn (at most `maxRepairs` times, on the method that worked).
 * If the reply is still wrong, give up: undefined plus a WARNING finding, so
 * the caller keeps its rule-based result.
 */
export async function withRepair<T>(req: RepairRequest<T>): Promise<RepairResult<T>> {
  const maxRepairs = req.maxRepairs ?? MAX_REPAIRS;
  let messages = [...req.messages];
  let result = await callStructured(req);
  let usage = result.usage;
  let attempts = result.attempts;
  for (let repairs = 0; ; repairs++) {
    if (result.value === undefined || result.method === undefined) {
      const reason =
        repairs === 0
          ? failureSummary(result.failures)
          : `the repaired reply was unreadable (${failureSummary(result.failures)})`;
      return givenUp(req.task, reason, { usage, attempts, repairs });
    }
    const findings = req.validate(result.value);
    const errors = findings.filter((f) => f.level === "error");
    if (errors.length === 0) return { value: result.value, findings, usage, attempts, repairs };
    if (repairs >= maxRepairs) {
      const reason = `${errors.map((e) => e.message).join("; ")}${maxRepairs > 0 ? `, still wrong after ${maxRepairs} repair turns` : ""}`;
      return givenUp(req.task, reason, { usage, attempts, repairs });
    }
    messages = [
      ...messages,
      // The model's own reply goes back to it; a credential it wrote does not.
      new AIMessage(redactText(result.reply ?? JSON.stringify(result.value), req.secrets)),
      new HumanMessage(
        [
          "Your reply was checked and has these problems:",
          ...errors.map((e) => `- ${e.message}`),
          "Reply again with the whole corrected JSON object, nothing else.",
        ].join("\n"),
      ),
    ];
    result = await callStructured({ ...req, messages, methods: [result.method] });
    usage = addUsage(usage, result.usage);
    attempts += result.attempts;
  }
}
