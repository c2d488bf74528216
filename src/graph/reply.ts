import { AIMessage } from "@langchain/core/messages";

/**
 * A turn's final answer as state carries it: the markdown for the CLI and
 * `--json`, and the same text as an AI message, which chat UIs display.
 */
export function reply(markdown: string) {
  return { markdown, messages: [new AIMessage(markdown)] };
}
