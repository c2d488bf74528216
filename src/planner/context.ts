import type { Catalog, CheckoutSource } from "../catalog/index.js";
import type { Intent } from "./intent.js";

/** One section of an env profile file, reduced to names: values never leave the reader. */
export interface EnvProfileSection {
  /** Profile file, relative to the checkout root or as given in `$NEMOTRON_ENV_FILE`. */
  file: string;
  /** Section name, usable as `--batch <section>`. */
  section: string;
  /** Executor declared by the section (`slurm`, `lepton`, `dgxcloud`, `local`), if any. */
  executor?: string | undefined;
  /** Key names in the section (values redacted). */
  keys: string[];
}

export interface EnvProfiles {
  /** Where the profiles were read from: `$NEMOTRON_ENV_FILE` or `env*.toml` in the checkout. */
  source: "NEMOTRON_ENV_FILE" | "checkout";
  sections: EnvProfileSection[];
}

/** Everything the planner needs, passed in so planning stays a pure function. */
export interface PlanContext {
  catalog: Catalog;
  /** How the catalog was found; `sample` lowers command tiers to Reference-grounded. */
  catalogSource: CheckoutSource;
  intent: Intent;
  /** Env profiles visible to the run; null when no env file exists. */
  profiles: EnvProfiles | null;
}
