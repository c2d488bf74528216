import type { Tier } from "../../planner/plan.js";
import { type Grader, quoteList, verdict } from "./shared.js";

/** At least one command carries the tier. */
export const gradeTier: Grader<Tier> = (tier, { result }) => {
  const tiers = result.commands.map((c) => c.tier);
  const failures = tiers.includes(tier) ? [] : [`no ${tier} command (tiers: ${quoteList(tiers)})`];
  return verdict("tier", failures, `a command is ${tier}`);
};
