import type { RunnableConfig } from "@langchain/core/runnables";
import type { WrittenFile } from "../act/index.js";
import { filesInPlace, plannedFiles } from "../act/index.js";
import { loadCatalog } from "../catalog/index.js";
import type { AgentGraph } from "../graph/graph.js";
import { reply } from "../graph/reply.js";
import type { AgentStateValue } from "../graph/state.js";

/**
 * The files an interrupted Act had put in place: recorded ones when its writes
 * were saved, otherwise those found on disk with exactly the plan's content.
 */
function keptFiles(values: AgentStateValue): WrittenFile[] {
  if (values.files.length > 0) return values.files;
  const { checkout, currentPlan: plan } = values;
  if (!checkout || !plan || plan.route !== "pipeline") return [];
  try {
    const catalog = loadCatalog(checkout.root);
    return filesInPlace(catalog.root, plannedFiles({ catalog, plan, envFile: checkout.envFile }));
  } catch {
    // The checkout changed so much that the plan no longer builds: nothing can be matched.
    return [];
  }
}

/**
 * Stop a run that died after approval where it is: no further file is
 * written, the ones already written stay, and the thread is finished (so a
 * follow-up re-plans). `node` is the node the run would continue with; the
 * update is recorded as that node's, which closes the step it was in.
 */
export async function closeInterruptedAct(
  graph: AgentGraph,
  config: RunnableConfig,
  node: string,
): Promise<WrittenFile[]> {
  const snapshot = await graph.getState(config);
  const values: AgentStateValue = snapshot.values;
  const kept = keptFiles(values);
  const markdown =
    kept.length === 0
      ? "Plan rejected. The interrupted Act had written nothing, and nothing more is written."
      : [
          "Plan rejected. The interrupted Act had already written these files; they are kept",
          "(delete them if you do not want them), and nothing more is written:",
          "",
          ...kept.map((file) => `- \`${file.path}\``),
        ].join("\n");
  await graph.updateState(
    config,
    {
      decision: { type: "reject" },
      status: "done",
      files: kept,
      commands: [],
      approvalError: null,
      ...reply(markdown),
    },
    node,
  );
  return kept;
}
