import type { Tier } from "../../planner/plan.js";
import { type Grader, quoteList, verdict } from "./shared.js";

/** No command carries any of the tiers. */
export const gradeTiersAbsent: Grader<Tier[]> = (banned, { result }) => {
  const failures = result.commands
    .filter((c) => banned.includes(c.tier))
    .map((c) => `command for ${c.step} is ${c.tier}`);
  return verdict("tiersAbsent", failures, `no command is ${quoteList(banned)}`);
};
