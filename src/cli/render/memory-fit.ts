import type { Hardware } from "../../planner/intent.js";
import type { MemoryFitRow } from "../../planner/memory-fit.js";
import { renderTable } from "./table.js";

/** One model and mode of `steps show --fit`, with the fix ladder when it does not fit. */
export interface FitLine {
  row: MemoryFitRow;
  ladder: string;
}

/** The JSON shape of `steps show <step> --fit <hardware> --json`. */
export function fitToJson(step: string, gpus: number, hardware: Hardware, lines: FitLine[]) {
  return {
    step,
    hardware: {
      gpus,
      gpuType: hardware.gpuType ?? null,
      gpuMemoryGb: hardware.gpuMemoryGb ?? null,
    },
    estimates: lines.map(({ row, ladder }) => ({
      model: row.model,
      mode: row.mode,
      layout: row.layout,
      estimateGb: row.estimateGb,
      complete: row.complete,
      capacityGb: row.capacityGb,
      headroomGb: row.headroomGb,
      verdict: row.verdict,
      parts: row.parts,
      unknown: row.unknown,
      assumptions: row.assumptions,
      ladder: ladder || null,
    })),
  };
}

const VERDICT: Record<MemoryFitRow["verdict"], string> = {
  fits: "yes",
  does_not_fit: "NO",
  unknown: "unknown",
};

/** The per-GPU memory of each of the step's models on the given hardware, as a table. */
export function renderFit(
  step: string,
  gpus: number,
  hardware: Hardware,
  lines: FitLine[],
): string {
  if (lines.length === 0) {
    return `${step} lists no models the memory estimate can read; plan it with a model named to estimate it.`;
  }
  const gpu = `${gpus} x ${hardware.gpuType ?? "GPU"}${hardware.gpuMemoryGb ? ` ${hardware.gpuMemoryGb} GB` : ""}`;
  const table = renderTable(
    ["MODEL", "MODE", "LAYOUT", "EST GB/GPU", "GPU GB", "HEADROOM", "FITS"],
    lines.map(({ row }) => [
      row.model,
      row.mode === "lora" ? "LoRA" : "full",
      row.layout,
      `${row.complete ? "" : ">= "}${row.estimateGb.toFixed(1)}`,
      row.capacityGb === null ? "not given" : String(row.capacityGb),
      row.headroomGb === null ? "-" : row.headroomGb.toFixed(1),
      VERDICT[row.verdict],
    ]),
  );
  const out = [`${step} on ${gpu} (per-GPU estimate, GB)`, "", table];
  const notes: string[] = [];
  for (const { row, ladder } of lines) {
    const label = `${row.model} (${row.mode === "lora" ? "LoRA" : "full"})`;
    if (row.unknown.length > 0) notes.push(`${label}: unknown ${row.unknown.join(", ")}`);
    if (row.assumptions.length > 0) notes.push(`${label}: assumed ${row.assumptions.join(", ")}`);
    if (ladder) notes.push(`${label}: does not fit; try, in order: ${ladder}`);
  }
  if (hardware.gpuMemoryGb === undefined) {
    notes.push('GPU memory not known: name it, e.g. --fit "8x A100 80GB"');
  }
  if (notes.length > 0) out.push("", ...notes.map((n) => `  ${n}`));
  return out.join("\n");
}
