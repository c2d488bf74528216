import {
  type BaseMessage,
  type BaseMessageLike,
  type ContentBlock,
  coerceMessageLikeToMessage,
  type MessageContent,
} from "@langchain/core/messages";
import { type Messages, messagesStateReducer, ReducedValue } from "@langchain/langgraph";
import { z } from "zod";
import { holdsSecret, REDACTED, redactText } from "../secrets/index.js";

/**
 * The graph's input boundary for user text. LangGraph validates a run's input
 * (and a `Command`'s update) with the channel schemas before the first
 * checkpoint is written or any value is streamed, and every node update with
 * the same schemas; so text that passes through these schemas is masked on
 * every entry (CLI, LangGraph server, SDK) and never reaches a checkpoint raw.
 * What counts as a credential is the secrets module's; the checkout's env-file
 * values are masked later, once the thread's checkout is known (orient).
 */

/** A string as channels keep it: every credential the secrets rules recognise masked. */
export const MaskedText = z.string().transform((text) => redactText(text));

const TextBlockSchema = z.object({ type: z.literal("text"), text: z.string() });

/**
 * A content block with its credentials masked: a text block keeps its other
 * fields; any other block (an image URL, a file) that holds one is replaced,
 * since its structure is the provider's and cannot be masked in place.
 */
function maskBlock(block: ContentBlock): ContentBlock {
  const text = TextBlockSchema.safeParse(block);
  if (text.success) {
    const masked = redactText(text.data.text);
    return masked === text.data.text ? block : { ...block, text: masked };
  }
  return holdsSecret(JSON.stringify(block)) ? { type: "text", text: REDACTED } : block;
}

function maskContent(content: MessageContent): MessageContent {
  if (typeof content === "string") return redactText(content);
  const blocks = content.map(maskBlock);
  return blocks.every((block, i) => block === content[i]) ? content : blocks;
}

/**
 * One message with its content masked. A message without credentials is kept
 * as it is (same object); otherwise a new one of the same type is built from
 * the same fields, so the caller's object is never changed.
 */
function maskMessage(message: BaseMessage): BaseMessage {
  const content = maskContent(message.content);
  if (content === message.content) return message;
  return coerceMessageLikeToMessage({ ...message.lc_kwargs, type: message.type, content });
}

/** Every message of an update, in any shape the messages reducer takes, masked. */
function maskMessages(
  items: (BaseMessage | BaseMessageLike)[],
  ctx: z.RefinementCtx,
): BaseMessage[] {
  const out: BaseMessage[] = [];
  for (const [index, item] of items.entries()) {
    try {
      out.push(maskMessage(coerceMessageLikeToMessage(item)));
    } catch (error) {
      const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
      ctx.addIssue({ code: "custom", path: [index], message: `not a chat message: ${why}` });
    }
  }
  return out;
}

const MessageLikeSchema = z.custom<BaseMessage | BaseMessageLike>();

/**
 * Whatever a chat UI or SDK sends: a list or a single message, each a message
 * object, a dict with `type` or `role`, a `[role, content]` pair or a string.
 * A list is read as a list of messages, as LangGraph's reducer reads it.
 */
const MaskedMessageList = z
  .union([z.array(MessageLikeSchema), MessageLikeSchema.transform((message) => [message])])
  .transform(maskMessages);

/**
 * The chat transcript channel: LangGraph's messages reducer (merge by id,
 * removals) with every message's content masked on the way in, also when a
 * client overwrites the whole list.
 */
export const MaskedMessagesValue = new ReducedValue<BaseMessage[], Messages>(
  MaskedMessageList.default(() => []),
  {
    inputSchema: MaskedMessageList,
    reducer: messagesStateReducer,
    jsonSchemaExtra: { langgraph_type: "messages", description: "A list of chat messages" },
  },
);
