import type { MemoryFitRow } from "../memory-fit.js";
import { cell, code } from "./format.js";

const VERDICT: Record<MemoryFitRow["verdict"], string> = {
  fits: "yes",
  does_not_fit: "**no**",
  unknown: "unknown",
};

/** The estimate as a cell: a lower bound is marked with `>=`. */
export function estimateText(row: MemoryFitRow): string {
  return `${row.complete ? "" : ">= "}${row.estimateGb.toFixed(1)}`;
}

function rowLine(row: MemoryFitRow): string {
  const cells = [
    code(row.stage),
    code(row.model),
    row.mode === "lora" ? "LoRA" : "full",
    row.layout,
    estimateText(row),
    row.capacityGb === null ? "not given" : String(row.capacityGb),
    row.headroomGb === null ? "-" : row.headroomGb.toFixed(1),
    VERDICT[row.verdict],
  ];
  return `| ${cells.map(cell).join(" | ")} |`;
}

/**
 * The per-GPU memory table of the training stages (GiB), with what each
 * estimate could not know or had to assume underneath. Empty without rows.
 */
export function memoryTableLines(rows: readonly MemoryFitRow[]): string[] {
  if (rows.length === 0) return [];
  const lines = [
    "",
    "Memory per GPU (estimate, GB):",
    "",
    "| Stage | Model | Mode | Layout | Est. GB/GPU | GPU GB | Headroom | Fits |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map(rowLine),
  ];
  const notes = rows.flatMap((row) => {
    const said: string[] = [];
    if (row.unknown.length > 0) said.push(`unknown: ${row.unknown.join(", ")}`);
    if (row.assumptions.length > 0) said.push(`assumed: ${row.assumptions.join(", ")}`);
    return said.length > 0 ? [`- ${code(row.stage)}: ${said.join("; ")}`] : [];
  });
  if (notes.length > 0) lines.push("", ...notes);
  return lines;
}
