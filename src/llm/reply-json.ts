import type { AIMessageChunk } from "@langchain/core/messages";
import type { OutputMethod } from "./method-cache.js";

/** What a reply carried: the JSON value (if any could be read) and its text, for a follow-up turn. */
export interface ReplyJson {
  value: unknown;
  text: string;
  readable: boolean;
}

/**
 * Read the JSON a reply carries: the forced tool call's arguments for
 * function calling, else the message text. Models often wrap JSON in a code
 * fence or a sentence; the first balanced object in the text is taken.
 */
export function replyJson(message: AIMessageChunk, method: OutputMethod): ReplyJson {
  const call = message.tool_calls?.[0];
  if (method === "functionCalling" && call) {
    return { value: call.args, text: JSON.stringify(call.args), readable: true };
  }
  const text = message.text;
  const parsed = firstJsonObject(text);
  return parsed === undefined
    ? { value: undefined, text, readable: false }
    : { value: parsed, text, readable: true };
}

/** The first `{...}` in `text` that parses as JSON, or undefined. */
export function firstJsonObject(text: string): unknown {
  const trimmed = text.trim();
  const direct = tryParse(trimmed);
  if (direct !== undefined && typeof direct === "object" && direct !== null) return direct;
  for (let start = trimmed.indexOf("{"); start >= 0; start = trimmed.indexOf("{", start + 1)) {
    const end = matchingBrace(trimmed, start);
    if (end < 0) continue;
    const value = tryParse(trimmed.slice(start, end + 1));
    if (value !== undefined) return value;
  }
  return undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Index of the brace closing the one at `start`, skipping braces inside strings. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i;
  }
  return -1;
}
