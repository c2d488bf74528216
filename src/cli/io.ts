import { redactText } from "../secrets/index.js";

/** Output sinks, injectable so commands can be tested without touching process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  // Messages may quote what the user typed (a URL, a value): credentials never reach the terminal.
  err: (text) => {
    const safe = redactText(text);
    process.stderr.write(safe.endsWith("\n") ? safe : `${safe}\n`);
  },
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
