/**
 * What a failed model call means for the structured caller:
 * - `refused`: the server rejected the request shape (HTTP 400/422), so try the next method;
 * - `unparsable`: a reply came back but could not be read, so try the next method;
 * - `transient`: timeout, 408/409/429/5xx or a dropped connection, so retry with backoff;
 * - `fatal`: credentials or model refused (401/403/404), so stop now;
 * - `unknown`: not an endpoint problem at all (a bug), so let the error through unchanged.
 */
export type CallFailure =
  | { kind: "refused"; reason: string }
  | { kind: "unparsable"; reason: string }
  | { kind: "transient"; reason: string }
  | { kind: "fatal"; reason: string }
  | { kind: "unknown"; reason: string };

const CONNECTION_ERRORS = /connection|socket|ECONNRESET|ECONNREFUSED|EPIPE|fetch failed/i;

/** Classify an error thrown by a model call; `timedOut` says whether our own deadline fired. */
export function classifyCallError(error: unknown, timedOut: boolean): CallFailure {
  if (timedOut) return { kind: "transient", reason: "timed out" };
  if (typeof error !== "object" || error === null)
    return { kind: "unknown", reason: String(error) };
  const status = "status" in error && typeof error.status === "number" ? error.status : undefined;
  if (status !== undefined) {
    if (status === 400 || status === 422) return { kind: "refused", reason: `HTTP ${status}` };
    if (status === 401 || status === 403) {
      return { kind: "fatal", reason: `HTTP ${status}: the endpoint refused the credentials` };
    }
    if (status === 404)
      return { kind: "fatal", reason: "HTTP 404: unknown model or wrong base URL" };
    if (status === 408 || status === 409 || status === 429 || status >= 500) {
      return { kind: "transient", reason: `HTTP ${status}` };
    }
    return { kind: "fatal", reason: `HTTP ${status}` };
  }
  const name = "name" in error && typeof error.name === "string" ? error.name : "";
  const className = error.constructor?.name ?? "";
  const message = "message" in error && typeof error.message === "string" ? error.message : "";
  // The client's JSON parse of a json_schema reply, or a schema check inside the client.
  if (name === "SyntaxError" || /ZodError|OutputParser/.test(`${name} ${className}`)) {
    return { kind: "unparsable", reason: "the reply was not valid JSON" };
  }
  if (name === "TimeoutError" || name === "AbortError" || /Timeout/.test(className)) {
    return { kind: "transient", reason: "timed out" };
  }
  if (CONNECTION_ERRORS.test(`${className} ${message}`)) {
    return { kind: "transient", reason: "connection failed" };
  }
  return { kind: "unknown", reason: className || name || "error" };
}
