import type { Command } from "commander";
import type { AgentResult } from "../../planner/result.js";
import { type GlobalOptions, threadCheckout } from "../checkout.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";
import { type Io, printJson } from "../io.js";
import { openModel } from "../model-mode.js";
import { renderResultFooter } from "../render/result.js";
import { renderTable } from "../render/table.js";
import { openAgent } from "./open-agent.js";

/** Exit code for a finished turn: only blocked and failed answers are non-zero. */
export function exitCodeFor(result: AgentResult): number {
  if (result.status === "blocked") return ExitCode.blocked;
  if (result.status === "failed") return ExitCode.failed;
  return ExitCode.ok;
}

function report(io: Io, options: GlobalOptions, result: AgentResult): void {
  if (options.json) printJson(io, result);
  else {
    io.out(result.markdown);
    io.err(renderResultFooter(result));
  }
  process.exitCode = exitCodeFor(result);
}

/** `ask`, `resume`, `sessions`: the agent's thread commands. */
export function registerAgentCommands(program: Command, io: Io): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command("ask <request>")
    .description(
      "plan a request; pipelines stop for approval (resume later), commands are answered at once",
    )
    .option("--thread <id>", "continue an existing thread (a follow-up or a revision)")
    .action(async (request: string, options: { thread?: string }) => {
      const opts = globals();
      const checkout = threadCheckout(opts, io, process.env);
      // The session runtime (and the crypto module a new id needs) loads only for agent commands.
      const { ask, newThreadId } = await import("../../session/session.js");
      const threadId = options.thread ?? newThreadId();
      await withAgent(opts, io, threadId, async (agent) => {
        report(
          io,
          opts,
          await ask(agent.graph, { threadId, request, checkout, autoApprove: opts.yes ?? false }),
        );
      });
    });

  program
    .command("resume <thread>")
    .description("answer a plan waiting for approval, from any shell")
    .option("--approve", "approve the plan: write its configs and verify them")
    .option("--revise <text>", "change the plan (merged into the request, then re-planned)")
    .option("--answer <text>", "give values the plan asked for")
    .option("--reject", "drop the plan; nothing is written")
    .action(
      async (
        threadId: string,
        flags: { approve?: boolean; revise?: string; answer?: string; reject?: boolean },
      ) => {
        const opts = globals();
        const replies = [
          flags.approve ? { type: "approve" } : undefined,
          flags.revise !== undefined ? { type: "revise", text: flags.revise } : undefined,
          flags.answer !== undefined ? { type: "answer", text: flags.answer } : undefined,
          flags.reject ? { type: "reject" } : undefined,
        ].filter((r) => r !== undefined);
        if (replies.length !== 1) {
          throw new UserFacingError(
            "give exactly one of --approve, --revise <text>, --answer <text>, --reject",
            ExitCode.usage,
          );
        }
        await withAgent(opts, io, threadId, async (agent) => {
          const { resume } = await import("../../session/session.js");
          report(
            io,
            opts,
            await resume(agent.graph, threadId, replies[0], { autoApprove: opts.yes ?? false }),
          );
        });
      },
    );

  program
    .command("sessions")
    .description("list threads in the checkpoint store: id, status, request, last update")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const opts = globals();
      const agent = await openAgent(opts, process.env);
      const { listSessions } = await import("../../session/session.js");
      const sessions = await listSessions(agent.graph, agent.checkpointer).finally(agent.close);
      if (options.json || opts.json) printJson(io, sessions);
      else {
        const rows = sessions.map((s) => [
          s.threadId,
          s.status,
          s.updated.slice(0, 19).replace("T", " "),
          s.request.slice(0, 70),
        ]);
        io.out(
          sessions.length
            ? renderTable(["THREAD", "STATUS", "UPDATED (UTC)", "REQUEST"], rows)
            : "No sessions yet.",
        );
      }
    });
}

async function withAgent(
  opts: GlobalOptions,
  io: Io,
  threadId: string,
  run: (agent: Awaited<ReturnType<typeof openAgent>>) => Promise<void>,
): Promise<void> {
  const agent = await openAgent(opts, process.env, await openModel(opts, process.env, io));
  try {
    const release = await agent.lock(threadId);
    try {
      await run(agent);
    } finally {
      await release();
    }
  } finally {
    await agent.close();
  }
}
