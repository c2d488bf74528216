import type { Command } from "commander";
import type { AgentResult } from "../../planner/result.js";
import { type GlobalOptions, threadCheckout } from "../checkout.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";
import type { Io } from "../io.js";
import { openModel } from "../model-mode.js";
import { renderResultFooter } from "../render/result.js";
import { openAgent } from "./open-agent.js";

const HELP = `Type a request. While a plan waits for approval, reply:
  approve | reject | revise <what to change> | answer <missing values>
Anything else you type while a plan waits is taken as a revision. Ctrl-D or "exit" quits.`;

/** `chat`: an interactive thread in the terminal; only on a TTY outside CI. */
export function registerChatCommand(program: Command, io: Io): void {
  program
    .command("chat")
    .description("interactive session: plan, approve or revise, follow up — in one thread")
    .action(async () => {
      const opts: GlobalOptions = program.opts<GlobalOptions>();
      if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI) {
        throw new UserFacingError(
          'chat needs an interactive terminal. In scripts use: nemotron-customize ask "<request>" --json, then resume <thread> --approve',
          ExitCode.usage,
        );
      }
      const checkout = threadCheckout(opts, io, process.env);
      const agent = await openAgent(opts, process.env, await openModel(opts, process.env, io));
      const { ask, newThreadId, resume } = await import("../../session/session.js");
      const { replyFromText } = await import("../../graph/typed-reply.js");
      const { createInterface } = await import("node:readline/promises");
      const threadId = newThreadId();
      const release = await agent.lock(threadId);
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      io.err(`thread ${threadId} on ${checkout.root}\n${HELP}`);
      let last: AgentResult | undefined;
      try {
        for (;;) {
          const waiting = last?.pendingReply === true;
          let line: string;
          try {
            line = (await rl.question(waiting ? "approve? > " : "> ")).trim();
          } catch {
            break; // Ctrl-D closes the input
          }
          if (line === "exit" || line === "quit") break;
          if (!line) continue;
          const reply = waiting
            ? (replyFromText(line) ?? { type: "revise", text: line })
            : undefined;
          last = reply
            ? await resume(agent.graph, threadId, reply)
            : await ask(agent.graph, { threadId, request: line, checkout });
          io.out(last.markdown);
          io.err(renderResultFooter(last));
        }
      } finally {
        rl.close();
        await release();
        await agent.close();
      }
    });
}
