/**
 * Last line of defense against printing secrets: every byte the doctor writes passes through the
 * core redactor with the secret values this run knows (the token, API keys, the cookie password,
 * secret deployment env values), so anything JWT- or key-shaped is hidden as on every surface.
 */
import { isSecretName, redactSecrets } from "../core/index.js";

/** Collects secret values from env maps (by name) plus explicit secrets such as the token. */
export function collectSecrets(
  envs: Array<Record<string, string> | null | undefined>,
  extra: Array<string | null | undefined>,
): string[] {
  const out = new Set<string>();
  for (const env of envs) {
    if (!env) continue;
    for (const [name, value] of Object.entries(env)) if (isSecretName(name)) out.add(value);
  }
  for (const s of extra) if (s) out.add(s);
  return [...out];
}

/** Returns `text` with every known secret and every secret-shaped string replaced. */
export function scrub(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets);
}
