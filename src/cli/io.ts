import { stripVTControlCharacters } from "node:util";
import { redactText } from "../secrets/index.js";

/** Output sinks, injectable so commands can be tested without touching process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Text fit for a terminal: escape sequences and other control characters
 * (which a hostile checkout could put in a step name) removed; newlines and
 * tabs kept. JSON output escapes them itself, so nothing is lost there.
 */
export function terminalSafe(text: string): string {
  const stripped = stripVTControlCharacters(text);
  let out = "";
  for (const char of stripped) {
    const code = char.charCodeAt(0);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (!control || char === "\n" || char === "\t") out += char;
  }
  return out;
}

export const processIo: Io = {
  out: (text) => {
    const safe = terminalSafe(text);
    process.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
  },
  // Messages may quote what the user typed (a URL, a value): credentials never reach the terminal.
  err: (text) => {
    const safe = terminalSafe(redactText(text));
    process.stderr.write(safe.endsWith("\n") ? safe : `${safe}\n`);
  },
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
