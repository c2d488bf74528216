import { z } from "zod";

/**
 * How a structured reply is requested from an OpenAI-compatible server, named
 * as `@langchain/openai`'s `withStructuredOutput` names them: `response_format`
 * with a JSON schema, a forced function call, or `response_format:
 * json_object` with the schema in the prompt. The order here is the order
 * tried when nothing is known about an endpoint.
 */
export const OutputMethodSchema = z.enum(["jsonSchema", "functionCalling", "jsonMode"]);
export type OutputMethod = z.infer<typeof OutputMethodSchema>;
