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
  // Every escape sequence starts with ESC or CSI, both controls: text without one is safe as it is.
  // A whole catalog's JSON goes through here, so the common case is one scan.
  if (!CONTROL_CHARACTER.test(text)) return text;
  return stripVTControlCharacters(text).replace(CONTROL_CHARACTERS, "");
}

/** C0 controls but tab and newline, DEL, and C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source);

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
