import { base64url } from "jose";

/** Registered claims the way Convex's JWT library reads them (`null` counts as absent). */
export interface RegisteredClaims {
  iss?: string;
  sub?: string;
  aud?: string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
}

/** A token split into its parts and decoded without verification. Holds no signature bytes. */
export interface DecodedToken {
  parts: number;
  header: Record<string, unknown> | null;
  payload: Record<string, unknown>;
  claims: RegisteredClaims;
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; detail: string };

const B64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Whether `part` is canonical unpadded base64url, as Convex's decoder demands: only the URL-safe
 * alphabet, no impossible length, and zero bits after the last full byte. Lenient decoders
 * accept a flipped final character that Convex rejects.
 */
export function isCanonicalBase64url(part: string): boolean {
  if (!B64URL.test(part) || part.length % 4 === 1) return false;
  const rest = part.length % 4;
  if (rest === 0) return true;
  const last = ALPHABET.indexOf(part[part.length - 1]!);
  return (last & (rest === 2 ? 0b1111 : 0b11)) === 0;
}
const decoder = new TextDecoder("utf-8", { fatal: true });
const FRACTIONAL_TIME = /"(?:exp|nbf|iat)"\s*:\s*-?\d+(?:\.\d*|[eE])/;

/** Decodes one base64url (no padding) JSON object part, as Convex's JWT library does. */
export function decodeJsonPart(part: string | undefined): Record<string, unknown> | string {
  if (part === undefined) return "the token has fewer than two parts";
  if (!isCanonicalBase64url(part)) return "a part is not canonical base64url";
  let text: string;
  try {
    text = decoder.decode(base64url.decode(part));
  } catch {
    return "a part is not base64url-encoded UTF-8";
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "a part is not JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "a part is not a JSON object";
  }
  // JSON.parse turns 1700000000.0 into an integer; Convex's parser rejects a fractional literal.
  if (FRACTIONAL_TIME.test(text)) return "a time claim (`exp`, `nbf` or `iat`) is not an integer";
  return value as Record<string, unknown>;
}

function optionalString(
  payload: Record<string, unknown>,
  name: string,
): string | undefined | Error {
  const v = payload[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  return new Error(`\`${name}\` is not a string`);
}

function optionalTimestamp(
  payload: Record<string, unknown>,
  name: string,
): number | undefined | Error {
  const v = payload[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  return new Error(`\`${name}\` is not an integer timestamp`);
}

/** Reads the registered claims with the type rules of Convex's JWT library; a wrong type is an error. */
export function readRegisteredClaims(payload: Record<string, unknown>): RegisteredClaims | string {
  const claims: RegisteredClaims = {};
  for (const name of ["iss", "sub", "jti"] as const) {
    const v = optionalString(payload, name);
    if (v instanceof Error) return v.message;
    if (v !== undefined) claims[name] = v;
  }
  for (const name of ["exp", "nbf", "iat"] as const) {
    const v = optionalTimestamp(payload, name);
    if (v instanceof Error) return v.message;
    if (v !== undefined) claims[name] = v;
  }
  const aud = payload.aud;
  if (typeof aud === "string") claims.aud = [aud];
  else if (Array.isArray(aud)) {
    if (!aud.every((a) => typeof a === "string")) return "`aud` holds a value that is not a string";
    claims.aud = aud as string[];
  } else if (aud !== undefined && aud !== null)
    return "`aud` is neither a string nor a list of strings";
  return claims;
}

/**
 * Decodes a token's header and payload without verifying it, following Convex's first step:
 * only the payload (second part) must decode; the header may be unreadable (`header: null`).
 */
export function decodeToken(token: unknown): DecodeResult {
  if (typeof token !== "string")
    return { ok: false, detail: `the token is ${describeType(token)}, not a string` };
  if (token.length === 0) return { ok: false, detail: "the token is empty" };
  const parts = token.split(".");
  const payload = decodeJsonPart(parts[1]);
  if (typeof payload === "string") return { ok: false, detail: payload };
  const claims = readRegisteredClaims(payload);
  if (typeof claims === "string") return { ok: false, detail: claims };
  const header = decodeJsonPart(parts[0]);
  return {
    ok: true,
    token: {
      parts: parts.length,
      header: typeof header === "string" ? null : header,
      payload,
      claims,
    },
  };
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
