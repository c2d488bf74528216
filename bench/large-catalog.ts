import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadCatalog, STEPS_DIR } from "../src/catalog/index.js";

/**
 * A copy of `checkout` whose catalog holds `factor` times as many steps: every
 * step folder is cloned `factor - 1` times under a new name (and id), so the
 * artifact graph, patterns and configs stay valid.
 */
export function makeLargeCatalog(
  checkout: string,
  target: string,
  factor: number,
): { root: string; steps: number } {
  cpSync(checkout, target, { recursive: true });
  const catalog = loadCatalog(target);
  const stepsDir = path.join(target, STEPS_DIR);
  for (const step of catalog.steps) {
    const source = path.join(target, step.path);
    for (let copy = 2; copy <= factor; copy++) {
      const id = `${step.id}_x${copy}`;
      const dir = path.join(stepsDir, id);
      cpSync(source, dir, { recursive: true });
      const manifest = path.join(dir, "step.toml");
      const text = readFileSync(manifest, "utf8");
      writeFileSync(manifest, text.replace(/^(id\s*=\s*)"[^"]*"/m, `$1"${id}"`));
    }
  }
  return { root: target, steps: loadCatalog(target).steps.length };
}
