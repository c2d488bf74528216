import { Command } from "commander";
import { registerAgentCommands } from "./commands/agent.js";
import { registerCatalogCommands } from "./commands/catalog.js";
import { registerChatCommand } from "./commands/chat.js";
import { registerDbCommands } from "./commands/db.js";
import { registerEvalCommand } from "./commands/eval.js";
import type { Io } from "./io.js";

const DESCRIPTION = `Turn a model-customization request into a validated plan over the step catalog
of a Nemotron checkout, stop for your approval, write the new YAML configs that
run it, and verify them.

The checkout is --repo, else $NEMOTRON_REPO, else the current directory (or a
parent) holding src/nemotron/steps, else the bundled sample checkout.`;

const EXAMPLES = `
Examples:
  nemotron-customize ask "Fine-tune Nemotron Nano3 on my chat JSONL at /data/chat.jsonl on one node of 8x H100"
  nemotron-customize resume <thread> --approve
  nemotron-customize resume <thread> --revise "Actually, use AutoModel instead - we only have 4 GPUs."
  nemotron-customize steps list --consumes packed_parquet
  nemotron-customize eval --report eval.md
  nemotron-customize --repo ../nemotron eval --nvidia-tier2 ../nvidia-benchmarks/tier2 --report tier2.md

Exit codes: 0 ok (also: waiting for approval or input), 1 internal error, 2 usage,
3 bad input (checkout, manifest, config, env file), 4 blocked, 5 failed,
6 thread unknown, busy, or with nothing to approve.`;

/** The whole command-line program; commands with heavy dependencies load them on use. */
export function buildProgram(io: Io): Command {
  const program = new Command("nemotron-customize")
    .description(DESCRIPTION)
    .option("--repo <dir>", "Nemotron checkout to read (default: see above)")
    .option("--offline", "never call a model; use the rule-based intent reader")
    .option("--model <name>", "model for LLM mode (OpenAI-compatible)")
    .option("--base-url <url>", "OpenAI-compatible endpoint for LLM mode")
    .option(
      "--output-method <method>",
      "how LLM mode asks for structured replies: json_schema, function_calling or json_mode (default: learned once per endpoint and model, kept beside --db)",
    )
    .option("--db <path-or-url>", "checkpoint store: a SQLite file path or a postgres:// URL")
    .option("--json", "print one JSON object on stdout; messages go to stderr")
    .option("--yes", "approve plans without asking")
    .option("--debug", "show stack traces of unexpected errors")
    .addHelpText("after", EXAMPLES)
    .showHelpAfterError()
    // Set before the subcommands are added so they inherit it: usage errors anywhere exit 2.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  registerAgentCommands(program, io);
  registerChatCommand(program, io);
  registerCatalogCommands(program, io);
  registerEvalCommand(program, io);
  registerDbCommands(program, io);
  return program;
}
