/**
 * The model endpoint could not be used: it timed out, kept failing, refused
 * the credentials, or was unreachable. The message is one line that names the
 * endpoint (without credentials) and the reason; it never carries a key, and
 * the stack is dropped so a CLI printing the error shows just that line.
 */
export class LlmUnavailableError extends Error {
  override readonly name = "LlmUnavailableError";

  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/** The LLM settings (flags and environment) contradict each other or are incomplete. */
export class LlmConfigError extends Error {
  override readonly name = "LlmConfigError";

  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/** An endpoint URL as safe to print: no user, password, query or fragment. */
export function displayEndpoint(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "the configured endpoint";
  }
}
