import type { StepManifest } from "../../catalog/index.js";
import type { EnvProfileSection, EnvProfiles } from "../context.js";
import type { Intent } from "../intent.js";

/** The user wants the job submitted somewhere else: `--batch`, a named profile, or a cluster kind. */
export function remoteRequested(intent: Intent): boolean {
  const { kind, remote, profile } = intent.executor;
  return remote || !!profile || (kind !== undefined && kind !== "local");
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A section can run on the requested executor kind (declared, or spelled in its name). */
function executorFits(section: EnvProfileSection, kind: string | undefined): boolean {
  if (section.executor === "local") return kind === "local";
  if (!kind) return true;
  if (section.executor) return section.executor === kind;
  return words(section.section).includes(kind);
}

interface Scored {
  section: EnvProfileSection;
  score: number;
  extra: number;
  order: number;
}

/**
 * Pick the env profile section for a step. A profile the user named is used only when it exists.
 * Otherwise a section qualifies when its executor fits and its name shares a word with the step's
 * category (`lepton_translate` for `translate/nemo_curator`); among those, the one sharing the most
 * words with the step id (and the chosen config) wins, then the one with the fewest other words,
 * then file order. Failing that, the single section for the requested executor kind serves every
 * step. Otherwise there is no profile: names are never invented.
 */
export function selectProfile(
  step: StepManifest,
  intent: Intent,
  profiles: EnvProfiles | null,
): EnvProfileSection | undefined {
  if (!profiles) return undefined;
  const named = intent.executor.profile;
  if (named) return profiles.sections.find((s) => s.section === named);
  const kind = intent.executor.kind;
  const category = new Set(words(step.category));
  const wanted = new Set([...words(step.id), ...words(intent.configName ?? "")]);
  const scored: Scored[] = [];
  profiles.sections.forEach((section, order) => {
    if (!executorFits(section, kind)) return;
    const own = words(section.section).filter((w) => w !== kind && w !== section.executor);
    if (!own.some((w) => category.has(w))) return;
    const score = own.filter((w) => wanted.has(w)).length;
    scored.push({ section, score, extra: own.length - score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.extra - b.extra || a.order - b.order);
  return scored[0]?.section ?? onlySectionFor(profiles, kind);
}

/** The one section declared for the requested executor kind, when there is exactly one. */
function onlySectionFor(profiles: EnvProfiles, kind: string | undefined) {
  if (!kind || kind === "local") return undefined;
  const fitting = profiles.sections.filter(
    (s) => s.executor === kind || (!s.executor && words(s.section).includes(kind)),
  );
  return fitting.length === 1 ? fitting[0] : undefined;
}

/** Where an env profile lists the environment variables a submission exports. */
const ENV_VARS = "env_vars.";

/**
 * The environment variables a profile exports, by name only ("it sets `HF_TOKEN`"), so a
 * submission can be checked before GPUs are spent; empty when it exports none.
 */
export function profileVarsText(section: EnvProfileSection, lead: string): string {
  const vars = section.keys
    .filter((k) => k.startsWith(ENV_VARS))
    .map((k) => `\`${k.slice(ENV_VARS.length)}\``);
  return vars.length > 0 ? `${lead}it sets ${vars.join(", ")} (values not shown)` : "";
}

/** How a profile's origin is described to the user. */
export function profileSourceText(profiles: EnvProfiles, section: EnvProfileSection): string {
  const via =
    profiles.source === "NEMOTRON_ENV_FILE" ? "$NEMOTRON_ENV_FILE" : "env*.toml in the checkout";
  return `\`${section.file}\` (found via ${via})`;
}
