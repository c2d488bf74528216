import { answersData } from "../commands/index.js";
import type { Intent } from "../intent.js";

function mentions(text: string, phrase: string): boolean {
  const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-z0-9])${escaped}([^a-z0-9]|$)`).test(text);
}

/** The topic the request is about, from the scope wording data; undefined when none matches. */
export function scopeTopic(request: string): string | undefined {
  const text = request.toLowerCase();
  return answersData().scope.topics.find((t) => t.words.some((w) => mentions(text, w)))?.topic;
}

/** Three sentences: what the tool covers, that this request is outside it, that nothing happened. */
export function renderScopeNote(intent: Intent): string {
  const { covers, closing } = answersData().scope;
  const topic = scopeTopic(intent.requests.at(-1) ?? "");
  const outside = topic ? `${topic} is outside that scope.` : "This request is outside that scope.";
  return `${covers} ${outside} ${closing}\n`;
}
