import { interp } from "../act/fixture.js";

/**
 * Credential shapes this program must never keep, each with a canary: a
 * marker that must not survive redaction anywhere. `{c}` is replaced by the
 * canary of the shape. Grouped by what gives the credential away.
 */
export interface SecretShape {
  group: "key name" | "value shape" | "free text" | "url" | "override" | "yaml";
  text: string;
}

const raw: SecretShape[] = [
  // A key whose name says it holds a credential.
  { group: "key name", text: "api_key={c}" },
  { group: "key name", text: "HF_TOKEN={c}" },
  { group: "key name", text: "password: {c}" },
  { group: "key name", text: '"client_secret": "{c}"' },
  { group: "key name", text: "db.password={c}" },
  { group: "key name", text: "WANDB_API_KEY: {c}" },
  { group: "key name", text: "aws_secret_access_key = {c}" },
  { group: "key name", text: "auth_token={c}" },
  { group: "key name", text: "credentials: {c}" },
  { group: "key name", text: "passwd={c}" },
  { group: "key name", text: "NGC_API_KEY={c}" },
  { group: "key name", text: "x-api-key: {c}" },
  { group: "key name", text: "private_key: {c}" },
  { group: "key name", text: "passphrase={c}" },
  { group: "key name", text: "bearer_token: {c}" },
  { group: "key name", text: "apiKey: {c}" },
  { group: "key name", text: "accessToken={c}" },
  { group: "key name", text: 'secret: "{c}"' },
  { group: "key name", text: "my_pwd={c}" },
  // A value whose shape is a provider's token format, whatever stands before it.
  { group: "value shape", text: "use nvapi-{c}abc for it" },
  { group: "value shape", text: "sk-proj-{c}abcdef" },
  { group: "value shape", text: "hf_{c}abcdef" },
  { group: "value shape", text: "ghp_{c}abcdef" },
  { group: "value shape", text: "github_pat_{c}abcdefghijklmno" },
  { group: "value shape", text: "glpat-{c}abcdef" },
  { group: "value shape", text: "xoxb-{c}abcdef" },
  { group: "value shape", text: "AKIA{C}ABCDEFG" },
  { group: "value shape", text: "AIza{c}abcdefghijklmnop" },
  { group: "value shape", text: "eyJhbGciOiJIUzI1NiJ9.eyJ{c}xyz.sig{c}nature" },
  {
    group: "value shape",
    text: "-----BEGIN RSA PRIVATE KEY-----\nMIIE{c}pAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
  },
  { group: "value shape", text: "sk_live_{c}abcdef" },
  { group: "value shape", text: "npm_{c}abcdefghijklmno" },
  { group: "value shape", text: "pypi-{c}abcdefghijklmno" },
  { group: "value shape", text: "ya29.{c}abcdefgh" },
  // Words that introduce a credential.
  { group: "free text", text: "my api key is {c}" },
  { group: "free text", text: "Authorization: Bearer {c}" },
  { group: "free text", text: "run it with --hf-token {c} please" },
  { group: "free text", text: "HF_TOKEN {c}" },
  { group: "free text", text: "passphrase: {c}" },
  { group: "free text", text: "private key: {c}" },
  { group: "free text", text: "pwd: {c}" },
  { group: "free text", text: "password\uff1a {c}" },
  { group: "free text", text: "W&B api key is {c}" },
  { group: "free text", text: "WANDB key: {c}" },
  { group: "free text", text: "NGC key = {c}" },
  { group: "free text", text: "the token is {c}" },
  { group: "free text", text: "my password is {c}" },
  { group: "free text", text: "--api-key={c}" },
  { group: "free text", text: "export OPENAI_API_KEY={c}" },
  { group: "free text", text: "secret key: {c}" },
  { group: "free text", text: "access token: {c}" },
  { group: "free text", text: "my github key is {c}" },
  { group: "free text", text: "send Bearer {c} in the header" },
  { group: "free text", text: "-password {c}" },
  { group: "free text", text: "license key: {c}" },
  { group: "free text", text: "my key is {c}" },
  { group: "free text", text: "Authorization=Basic {c}" },
  // URLs: userinfo and query parameters.
  { group: "url", text: "https://user:{c}@example.com/v1" },
  { group: "url", text: "postgres://agent:{c}@db.internal:5432/nemotron" },
  { group: "url", text: "https://example.com/v1?api_key={c}" },
  { group: "url", text: "https://example.com/?token={c}&a=1" },
  { group: "url", text: "postgres://db.internal/nemotron?password={c}" },
  { group: "url", text: "postgresql://db.internal/nemotron?sslmode=require&sslpassword={c}" },
  { group: "url", text: "https://{c}@github.com/org/repo.git" },
  { group: "url", text: "https://bucket.example.com/o?X-Amz-Signature={c}" },
  { group: "url", text: "https://example.com/cb?access_token={c}" },
  // key=value overrides whose value is token-shaped under a plain key.
  { group: "override", text: "exp_name=sk-{c}abcdef" },
  { group: "override", text: "logger.run_name=nvapi-{c}abc" },
  // YAML pasted into a request.
  { group: "yaml", text: "```yaml\nauth:\n  api_key: {c}\n```" },
  { group: "yaml", text: "password: '{c}'" },
  { group: "yaml", text: "{token: {c}}" },
];

/** Each shape with its own canary (letters and digits, like a real token fragment). */
export const SECRET_SHAPES = raw.map((shape, index) => {
  const canary = `Cn${String(index).padStart(2, "0")}x7Qz9`;
  return {
    ...shape,
    canary: shape.text.includes("{C}") ? canary.toUpperCase() : canary,
    text: shape.text.replaceAll("{c}", canary).replaceAll("{C}", canary.toUpperCase()),
  };
});

/** Text that names credentials without holding one: it must come through unchanged. */
export const NOT_SECRETS = [
  "max_tokens=512 tokenizer=nvidia/foo author=me",
  "the token is required; set HF_TOKEN in the environment",
  "use HF_TOKEN for auth",
  "Curate /data/sk-notasecret000/raw.jsonl and /mnt/HF_TOKEN_DIR/x.jsonl",
  "api_key_env=NVIDIA_API_KEY target.api_endpoint.api_key_name=MY_EVAL_KEY",
  "pack 4096 tokens: one sequence per row",
  "Evaluate my endpoint https://x.example.com/v1 model foo/bar on IFEval",
  `NVIDIA_API_KEY: ${interp("oc.env:NVIDIA_API_KEY,''")}`,
  `password: ${interp("oc.env:DB_PASSWORD")}`,
  "the key is to use LoRA",
  "commit 3f2a9c1d on main",
];
