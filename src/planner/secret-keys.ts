import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseYamlText } from "../catalog/index.js";
import { rulesFile } from "./rules-cache.js";

const SecretRulesSchema = z.strictObject({
  markers: z.array(z.string().min(1)).min(1),
  publicFragments: z.array(z.string().min(1)).default([]),
  nameHolders: z.array(z.string().min(1)).default([]),
});

interface SecretRules {
  markers: string[];
  publicFragments: RegExp[];
  nameHolders: string[];
}

let rules: SecretRules | undefined;
const secretRulesFile = rulesFile("references/routing/secrets.yaml", SecretRulesSchema, (file) =>
  SecretRulesSchema.parse(parseYamlText(readFileSync(file, "utf8"), file).toJS()),
);

/** The credential-key rule from `references/routing/secrets.yaml`, read once. */
function secretRules(): SecretRules {
  if (rules) return rules;
  const data = secretRulesFile.load();
  rules = {
    markers: data.markers.map((m) => m.toLowerCase()),
    publicFragments: data.publicFragments.map((f) => new RegExp(f, "g")),
    nameHolders: data.nameHolders.map((s) => s.toLowerCase()),
  };
  return rules;
}

/** True when a key name (dotted or not, any case) looks like it holds a credential. */
export function isSecretKey(name: string): boolean {
  const { markers, publicFragments } = secretRules();
  let lowered = name.toLowerCase();
  for (const fragment of publicFragments) lowered = lowered.replace(fragment, " ");
  return markers.some((marker) => lowered.includes(marker));
}

/** True when the key's last segment says it holds an environment variable's NAME (`api_key_env`). */
export function holdsVariableName(key: string): boolean {
  const last = (key.split(".").at(-1) ?? key).toLowerCase();
  return secretRules().nameHolders.some((suffix) => last.endsWith(suffix));
}

/** True when showing the key's value could show a credential (secret, and not a name holder). */
export function hidesValue(key: string): boolean {
  return isSecretKey(key) && !holdsVariableName(key);
}
