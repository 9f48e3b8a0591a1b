/**
 * One secret detector and one redactor for every surface: the Markdown / text / JSON reports,
 * the overlay, the doctor's output and the component's stored reports all call these, so a value
 * one of them hides is hidden by all of them.
 *
 * What counts as a secret:
 * - a JWT: a compact JWS (`header.payload.signature`, or a cut-off `header.payload`) whose header
 *   is base64url JSON (`eyJ…`), or three long base64url runs joined by dots (a re-encoded token);
 * - a WorkOS API key: `sk_test_…` / `sk_live_…`, in any letter case;
 * - a value the caller knows is secret (e.g. the deployment's `WORKOS_COOKIE_PASSWORD`).
 *
 * Everything here is linear in the input: no backtracking patterns, no recursion over text.
 */

/** Auth env vars that are secrets: their values are never shown, only whether they are set. */
export const SECRET_ENV_VARS = [
  "WORKOS_API_KEY",
  "WORKOS_COOKIE_PASSWORD",
  "WORKOS_WEBHOOK_SECRET",
] as const;

/** Auth env vars whose values are public and may be shown. */
export const PUBLIC_ENV_VARS = ["WORKOS_CLIENT_ID"] as const;

const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL|COOKIE|SALT|SIGNATURE/i;

/**
 * Whether a variable or claim name holds a secret value (`WORKOS_API_KEY`, `refresh_token`, …).
 * @example isSecretName("WORKOS_COOKIE_PASSWORD") // true
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** What kind of secret a string holds. */
export type SecretKind = "jwt" | "api-key" | "known-secret";

/** Runs of characters a JWT can consist of (base64url and dots). */
const TOKEN_RUN = /[A-Za-z0-9_.-]+/g;
const API_KEY = /sk_(?:test|live)_[A-Za-z0-9]{8,}/gi;
/** Known secret values shorter than this are not matched: they would hide ordinary words. */
const MIN_KNOWN_SECRET = 6;

/** Whether one base64url-and-dots run is (part of) a JWT. */
function isJwtRun(run: string): boolean {
  if (run.length < 8) return false;
  const parts = run.split(".");
  if (parts.length === 1) return run.startsWith("eyJ") && run.length >= 16;
  for (let i = 0; i < parts.length; i++) {
    const a = parts[i]!;
    const b = parts[i + 1];
    const c = parts[i + 2];
    // header.payload[.signature]: the header (or a cut-off token's first part) is `{"…` encoded
    if (a.startsWith("eyJ") && a.length >= 5 && (b ?? "").length >= 2) return true;
    if (a.startsWith("eyJ") && a.length >= 16) return true;
    if (c !== undefined && a.length >= 16 && b!.length >= 16 && c.length >= 16) return true;
  }
  return false;
}

function hasJwt(text: string): boolean {
  for (const match of text.matchAll(TOKEN_RUN)) if (isJwtRun(match[0])) return true;
  return false;
}

function usableKnown(known: readonly string[] | undefined): string[] {
  if (!known) return [];
  const values = known.filter((s) => typeof s === "string" && s.length >= MIN_KNOWN_SECRET);
  // Longest first, so a secret containing another is replaced whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/**
 * The kind of secret `text` contains, or `null`.
 * @example secretKindOf("Bearer eyJhbGciOi.eyJzdWIi.c2ln") // "jwt"
 */
export function secretKindOf(text: string, known?: readonly string[]): SecretKind | null {
  if (hasJwt(text)) return "jwt";
  API_KEY.lastIndex = 0;
  if (API_KEY.test(text)) return "api-key";
  if (usableKnown(known).some((s) => text.includes(s))) return "known-secret";
  return null;
}

/**
 * Returns `text` with every JWT, WorkOS API key and known secret value replaced by a marker
 * (`[redacted JWT]`, `[redacted API key]`, `[redacted]`).
 * @example redactSecrets("token: eyJhbGciOi.eyJzdWIi.c2ln") // "token: [redacted JWT]"
 */
export function redactSecrets(text: string, known?: readonly string[]): string {
  let out = text;
  for (const secret of usableKnown(known)) {
    if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  out = out.replace(TOKEN_RUN, (run) => (isJwtRun(run) ? "[redacted JWT]" : run));
  return out.replace(API_KEY, "[redacted API key]");
}

/** Copies claims for display: secret-named string claims masked, secret-shaped values redacted. */
export function redactClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(claims)) {
    if (typeof value !== "string") out[key] = value;
    else out[key] = isSecretName(key) ? "[redacted]" : redactSecrets(value);
  }
  return out;
}

/** What {@link findSecretLike} found, and where (a JSON-path-like location, never the value). */
export interface SecretLike {
  kind: SecretKind;
  path: string;
}

const MAX_WALK_DEPTH = 16;

/**
 * Walks a value (keys and strings, any depth up to 16) and reports the first secret-shaped
 * string. The result names the location only, so it can be returned without leaking the secret.
 */
export function findSecretLike(
  value: unknown,
  known?: readonly string[],
  path = "$",
  depth = 0,
): SecretLike | null {
  if (typeof value === "string") {
    const kind = secretKindOf(value, known);
    return kind ? { kind, path } : null;
  }
  if (depth > MAX_WALK_DEPTH || typeof value !== "object" || value === null) return null;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [`[${i}]`, item])
    : Object.entries(value).map(([k, v]) => [k, v]);
  for (const [key, inner] of entries) {
    const isIndex = Array.isArray(value);
    if (!isIndex) {
      const keyKind = secretKindOf(key, known);
      if (keyKind) return { kind: keyKind, path: `${path} (a key)` };
    }
    const hit = findSecretLike(
      inner,
      known,
      isIndex ? `${path}${key}` : `${path}.${key}`,
      depth + 1,
    );
    if (hit) return hit;
  }
  return null;
}

/** A short description of a secret kind, for refusals. */
export function describeSecretKind(kind: SecretKind): string {
  return kind === "jwt" ? "a JWT" : kind === "api-key" ? "an API key" : "a secret env value";
}
