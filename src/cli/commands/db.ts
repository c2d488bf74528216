import type { Command } from "commander";
import type { GlobalOptions } from "../checkout.js";
import { type Io, printJson } from "../io.js";
import { storeErrorToUser } from "./open-agent.js";

/** `db migrate`: the one place the checkpoint schema is created or upgraded. */
export function registerDbCommands(program: Command, io: Io): void {
  const db = program.command("db").description("checkpoint store maintenance");
  db.command("migrate")
    .description(
      "create or upgrade the PostgreSQL checkpoint tables (idempotent); a SQLite file needs nothing",
    )
    .action(async () => {
      const opts = program.opts<GlobalOptions>();
      const { migrateStore, resolveDb } = await import("../../session/checkpointer.js");
      const report = await migrateStore(resolveDb(opts.db, process.env)).catch((error: unknown) => {
        throw storeErrorToUser(error);
      });
      if (opts.json) printJson(io, report);
      else io.out(report.message);
    });
}
