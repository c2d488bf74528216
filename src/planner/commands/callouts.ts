import { type Catalog, producersOf } from "../../catalog/index.js";
import type { EnvProfiles } from "../context.js";
import { profileSourceText, profileVarsText } from "./profile.js";
import type { StageCommand } from "./stage-command.js";

/** The credential callout every command that reaches a hosted service must carry. */
export function hostedCallout(sc: StageCommand): string | undefined {
  const hosted = sc.hosted;
  if (!hosted) return undefined;
  const where = hosted.authKey ? ` (\`${hosted.authKey}\` holds only the variable's name)` : "";
  if (hosted.authVar) {
    return (
      `Auth: \`${sc.command.step}\` calls ${hosted.service} with the key in \`${hosted.authVar}\`${where}. ` +
      `Export \`${hosted.authVar}\` in the environment that runs the job; never put its value in the command, a config file or a commit.`
    );
  }
  return (
    `Auth: \`${sc.command.step}\` calls ${hosted.service} and needs an API key from an environment variable${where}. ` +
    "Which variable name holds it? Its value must be exported in the environment, never inlined in the command, a config file or a commit."
  );
}

/** The env-profile callout for `--batch`: the profile and where it came from, or why it is Blocked. */
export function remoteCallout(
  sc: StageCommand,
  profiles: EnvProfiles | null,
  catalog: Catalog,
): string | undefined {
  if (!sc.remote) return undefined;
  if (sc.profile && profiles) {
    return `Remote: \`--batch ${sc.profile.section}\` uses that section of ${profileSourceText(profiles, sc.profile)}${profileVarsText(sc.profile, "; ")}.`;
  }
  const where = profiles
    ? `none of the sections in the env profile file matches \`${sc.command.step}\``
    : "no env profile file was found";
  const generators = producersOf(catalog.steps, catalog.artifacts, "env_toml").map(
    (s) => `\`${s.id}\``,
  );
  const make = generators.length > 0 ? ` The ${generators.join(" / ")} step can generate one.` : "";
  return (
    `Blocked: remote execution needs an env profile, and ${where}. ` +
    `Point \`NEMOTRON_ENV_FILE\` at a profile file or add an \`env*.toml\` to the checkout with a section for this step.${make} ` +
    "Until then the command above is the local `--dry-run` shape, without `--batch`."
  );
}

/** Keys the user or plan set that the command leaves out, and why. */
export function omittedCallout(sc: StageCommand): string | undefined {
  const parts: string[] = [];
  if (sc.dropped.length > 0) {
    const keys = sc.dropped.map((k) => `\`${k}\``).join(", ");
    parts.push(`Left out ${keys}: \`${sc.command.step}\` defines no such key.`);
  }
  if (sc.withheld.length > 0) {
    const keys = sc.withheld.map((k) => `\`${k}\``).join(", ");
    parts.push(
      `Left out ${keys}: credential values belong in environment variables, not commands.`,
    );
  }
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** Open questions that keep a command Blocked. */
export function missingInputLines(sc: StageCommand): string[] {
  return sc.missing.map((r) => `- \`${r.key}\`: ${r.question}`);
}

/** All callouts for one command, in the order they are read. */
export function commandCallouts(
  sc: StageCommand,
  profiles: EnvProfiles | null,
  catalog: Catalog,
): string[] {
  const lines = [hostedCallout(sc), remoteCallout(sc, profiles, catalog), omittedCallout(sc)];
  return lines.filter((line): line is string => line !== undefined);
}
