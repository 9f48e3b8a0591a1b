/**
 * Last line of defense against printing secrets: every byte the doctor writes passes through the
 * core redactor with the secret values this run knows (the token, API keys, the cookie password,
 * secret deployment env values), so anything JWT- or key-shaped is hidden as on every surface.
 */
import { isSecretName, jsonForDisplay, redactSecrets, visibleText } from "../core/index.js";

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

/**
 * Returns `text` with every known secret and every secret-shaped string replaced. A secret is
 * also found as the checklist and the JSON document show it, with its control characters
 * escaped.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  const forms = new Set(secrets);
  for (const s of secrets) {
    forms.add(visibleText(s));
    forms.add(jsonForDisplay(JSON.stringify(s).slice(1, -1)));
  }
  return redactSecrets(text, [...forms]);
}
