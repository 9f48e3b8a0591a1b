/**
 * Last line of defence against printing secrets: every byte the doctor writes passes through a
 * scrubber that replaces known secret values (the token, API keys, the cookie password, secret
 * deployment env values) and anything JWT-shaped.
 */
import { redactSecrets } from "../core/index.js";

const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL|COOKIE|SALT/i;

/** Whether an env var's value must never be shown. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Collects secret values from env maps (by name) plus explicit secrets such as the token. */
export function collectSecrets(
  envs: Array<Record<string, string> | null | undefined>,
  extra: Array<string | null | undefined>,
): string[] {
  const out = new Set<string>();
  for (const env of envs) {
    if (!env) continue;
    for (const [name, value] of Object.entries(env))
      if (isSecretName(name) && value.length >= 6) out.add(value);
  }
  for (const s of extra) if (s && s.length >= 6) out.add(s);
  // Longest first, so a secret containing another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Returns `text` with every secret and every JWT-shaped string replaced. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[redacted]");
  return redactSecrets(out);
}
