/**
 * Pure helpers that keep stored and returned data safe: Convex-valid keys, bounded depth and size,
 * and a detector for anything that looks like a token or an API key. Used by the component (which
 * enforces them) and by the app-side wrapper (which prepares data with them).
 */

const MAX_DEPTH = 8;
const encoder = new TextEncoder();

/** Runs of characters a JWT can consist of (base64url and dots); splitting on the rest is linear. */
const NOT_JWT_CHARS = /[^A-Za-z0-9_.-]+/;

/**
 * A compact JWS (`header.payload.signature`, base64url): the header of every JWT starts with
 * `eyJ` (`{"`), and an unsigned token has an empty third part; a cut-off `header.payload` counts too. The generic form catches
 * re-encoded tokens: three long base64url runs joined by dots. Written as a scan rather than a
 * regular expression so a huge input costs linear time (a backtracking pattern was quadratic).
 */
function hasJwtShape(text: string): boolean {
  for (const run of text.split(NOT_JWT_CHARS)) {
    if (run.length < 8 || !run.includes(".")) continue;
    const parts = run.split(".");
    for (let i = 0; i + 1 < parts.length; i++) {
      const [a, b, c] = [parts[i]!, parts[i + 1]!, parts[i + 2]];
      // header.payload of a cut-off token is still a token's worth of claims and shape
      if (a.startsWith("eyJ") && b.startsWith("eyJ") && a.length >= 5 && b.length >= 5) return true;
      if (c === undefined) continue;
      if (a.startsWith("eyJ") && a.length >= 5 && b.length >= 2) return true;
      if (a.length >= 16 && b.length >= 16 && c.length >= 16) return true;
    }
  }
  return false;
}
/** WorkOS API keys (`sk_test_…`, `sk_live_…`). */
const API_KEY_LIKE = /\bsk_(?:test|live)_[A-Za-z0-9]{8,}/;

/** What {@link findSecretLike} found, and where (a JSON-path-like location, never the value). */
export interface SecretLike {
  kind: "jwt" | "api-key";
  path: string;
}

/** Whether a string contains something shaped like a JWT or a WorkOS API key. */
export function secretKindOf(text: string): SecretLike["kind"] | null {
  if (hasJwtShape(text)) return "jwt";
  if (API_KEY_LIKE.test(text)) return "api-key";
  return null;
}

/**
 * Walks a value (keys and strings, any depth) and reports the first token- or key-shaped string.
 * The result names the location only, so it can be returned without leaking the secret.
 */
export function findSecretLike(value: unknown, path = "$", depth = 0): SecretLike | null {
  if (typeof value === "string") {
    const kind = secretKindOf(value);
    return kind ? { kind, path } : null;
  }
  if (depth > MAX_DEPTH * 2 || typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findSecretLike(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const keyKind = secretKindOf(key);
    if (keyKind) return { kind: keyKind, path: `${path} (a key)` };
    const hit = findSecretLike(inner, `${path}.${safeKey(key)}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/**
 * Makes an object key valid as a Convex field and record key: non-empty, printable ASCII, not
 * starting with `$` or `_`. Offending characters are percent-encoded, so distinct keys stay distinct.
 */
export function safeKey(key: string): string {
  if (key.length === 0) return "%20";
  let out = "";
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    const code = key.charCodeAt(i);
    const leading = i === 0 && (ch === "$" || ch === "_");
    if (leading || code < 32 || code >= 127 || ch === "%") {
      out += encodeURIComponent(ch).replace(
        /[!'()*_$]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
    } else {
      out += ch;
    }
  }
  return out.slice(0, 256);
}

/**
 * Converts any JSON-ish value into a plain Convex value: keys made safe, nesting cut at 8 levels,
 * bigints and bytes turned into strings, functions and `undefined` dropped.
 */
export function toConvexSafe(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return "[bytes]";
  if (typeof value !== "object") return null;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) return value.map((item) => toConvexSafe(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined || typeof inner === "function") continue;
    out[safeKey(key)] = toConvexSafe(inner, depth + 1);
  }
  return out;
}

/** Size of a value as UTF-8 JSON, in bytes. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "",
  ).length;
}

/** A WorkOS client ID: `client_` followed by an alphanumeric id (a ULID in practice). */
export function isWorkOSClientId(value: string): boolean {
  return /^client_[0-9A-Za-z]{8,64}$/.test(value);
}

/** Cuts a string to `max` characters for evidence, marking the cut. */
export function truncate(value: string, max = 64): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}
