import { base64url } from "jose";
import { parseJson, type JsonNode, type JsonObject } from "./serdeJson.js";

/** Registered claims the way Convex's JWT library reads them (`null` counts as absent). */
export interface RegisteredClaims {
  iss?: string;
  sub?: string;
  aud?: string[];
  /** Whole seconds, after Convex's rounding (see {@link readTimestamp}). */
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
}

/** A token split into its parts and decoded without verification. Holds no signature bytes. */
export interface DecodedToken {
  parts: number;
  /** The header when it is a JSON object (whether or not Convex's header type accepts it). */
  header: Record<string, unknown> | null;
  /** The header as parsed JSON with repeated names and number literals kept, when it is an object. */
  headerNode: JsonObject | null;
  payload: Record<string, unknown>;
  /** The payload as parsed JSON with repeated names and number literals kept. */
  payloadNode: JsonObject;
  claims: RegisteredClaims;
}

/** A time claim Convex's JWT library cannot represent: the backend panics instead of answering. */
export interface TimeOutOfRange {
  claim: "exp" | "nbf" | "iat";
  /** The claim's literal JSON text. */
  value: string;
}

export type DecodeResult =
  { ok: true; token: DecodedToken } | { ok: false; detail: string; outOfRange?: TimeOutOfRange };

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

// serde_json does not skip a byte-order mark (it is not JSON whitespace, serde_json `de.rs:255`),
// so the decoder must keep it for the JSON parse to refuse it.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes one part: canonical base64url (biscuit `lib.rs:383`, `BASE64URL_NOPAD`), UTF-8, JSON. */
export function decodeJsonNode(part: string | undefined): JsonNode | string {
  if (part === undefined) return "the token has fewer than two parts";
  if (!isCanonicalBase64url(part)) return "a part is not canonical base64url";
  let text: string;
  try {
    text = decoder.decode(base64url.decode(part));
  } catch {
    return "a part is not base64url-encoded UTF-8";
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return "a part is not JSON";
  return parsed.node;
}

/** Decodes one base64url (no padding) JSON object part, as Convex's JWT library does. */
export function decodeJsonPart(part: string | undefined): Record<string, unknown> | string {
  const node = decodeJsonNode(part);
  if (typeof node === "string") return node;
  if (node.strictError !== null)
    return `a part holds JSON Convex's parser refuses (${node.strictError})`;
  if (node.kind !== "object") return "a part is not a JSON object";
  return node.value;
}

// chrono 0.4.41 (convex-backend `Cargo.lock`) represents years -262143 ..= 262142
// (`src/naive/date/mod.rs:2346-2351`, MIN_YEAR/MAX_YEAR); `from_timestamp_opt` returns `None`
// outside that range.
/** 262142-12-31T23:59:59Z, the last second chrono represents. */
export const MAX_TIMESTAMP = 8_210_266_876_799;
/** -262143-01-01T00:00:00Z, the first second chrono represents. */
export const MIN_TIMESTAMP = -8_334_601_228_800;
const TWO_64 = 2n ** 64n;
const TWO_63 = 2n ** 63n;

/** How Convex's JWT library reads one time claim. */
export type TimestampRead =
  | { ok: true; seconds: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "out-of-range"; value: string };

/**
 * Reads `exp`/`nbf`/`iat` exactly as the biscuit fork Convex pins (rev 05bdaab, "Permit
 * fractional timestamps") does:
 * - `src/serde_custom/numeric_type.rs:52-88`: only `visit_u64` and `visit_f64` exist. A
 *   non-negative integer is taken as is; a number with a fraction or exponent (serde_json reads
 *   those as f64, `de.rs:509-512`) is accepted when finite, `>= 0` and `< 2^64`, and rounded
 *   with `f64::round` (halves away from zero). A negative integer reaches the missing
 *   `visit_i64`, so it fails; `-0` is read as the float -0.0 (`de.rs:517-521`) and passes as 0.
 *   An integer of 2^64 or more is read as an f64 (`de.rs:490-493`) and fails the `< 2^64` test.
 *   Strings, booleans, arrays and objects fail. Every failure becomes "Invalid timestamp"
 *   (`src/lib.rs:724-726`).
 * - `src/lib.rs:727-730`: the u64 is cast `as i64` (wrapping above 2^63) and passed to
 *   `NaiveDateTime::from_timestamp_opt(..).unwrap()`: outside chrono's range that `unwrap`
 *   panics, and convex-backend builds release with `panic = "abort"` (`Cargo.toml:270-273`), so
 *   the backend answers nothing at all.
 */
export function readTimestamp(node: JsonNode): TimestampRead {
  if (node.kind !== "number" || node.raw === null) return { ok: false, reason: "invalid" };
  const raw = node.raw;
  let unsigned: bigint;
  if (/[.eE]/.test(raw) || raw === "-0") {
    const v = node.value as number;
    if (!(Number.isFinite(v) && v >= 0 && v < 2 ** 64)) return { ok: false, reason: "invalid" };
    unsigned = BigInt(Math.round(v));
  } else {
    if (raw.startsWith("-")) return { ok: false, reason: "invalid" };
    unsigned = BigInt(raw);
    if (unsigned >= TWO_64) return { ok: false, reason: "invalid" };
  }
  const signed = unsigned >= TWO_63 ? unsigned - TWO_64 : unsigned;
  if (signed > BigInt(MAX_TIMESTAMP) || signed < BigInt(MIN_TIMESTAMP))
    return { ok: false, reason: "out-of-range", value: raw };
  return { ok: true, seconds: Number(signed) };
}

const REGISTERED = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]);

/**
 * Reads the registered claims with the rules of Convex's JWT library (biscuit `src/lib.rs:736-764`,
 * `RegisteredClaims`, flattened into `ClaimsSet` at `src/lib.rs:1024-1032`). serde hands the
 * flattened struct the buffered members in document order, so the first failing member decides,
 * a repeated registered name is a `duplicate field` error, and `null` counts as absent.
 */
export function readRegisteredClaims(
  payload: JsonObject,
): RegisteredClaims | { detail: string; outOfRange?: TimeOutOfRange } {
  const claims: RegisteredClaims = {};
  const seen = new Set<string>();
  for (const [name, value] of payload.entries) {
    if (!REGISTERED.has(name)) continue;
    if (seen.has(name)) return { detail: `\`${name}\` appears more than once` };
    seen.add(name);
    if (value.kind === "null") continue;
    if (name === "iss" || name === "sub" || name === "jti") {
      if (value.kind !== "string") return { detail: `\`${name}\` is not a string` };
      claims[name] = value.value as string;
    } else if (name === "aud") {
      if (value.kind === "string") claims.aud = [value.value as string];
      else if (value.kind === "array") {
        if (!value.items.every((a) => a.kind === "string"))
          return { detail: "`aud` holds a value that is not a string" };
        claims.aud = value.value as string[];
      } else return { detail: "`aud` is neither a string nor a list of strings" };
    } else {
      const claim = name as "exp" | "nbf" | "iat";
      const t = readTimestamp(value);
      if (t.ok) claims[claim] = t.seconds;
      else if (t.reason === "invalid")
        return { detail: `\`${claim}\` is not a non-negative number of seconds` };
      else
        return {
          detail: `\`${claim}\` is ${t.value}, beyond the year 262142 Convex's JWT library can represent`,
          outOfRange: { claim, value: t.value },
        };
    }
  }
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
  // biscuit parses the whole payload before reading any claim (`ClaimsSet` buffers it for its
  // flattened fields), so JSON the parser refuses anywhere in it fails first.
  const payload = decodeJsonNode(parts[1]);
  if (typeof payload === "string") return { ok: false, detail: payload };
  if (payload.strictError !== null)
    return {
      ok: false,
      detail: `the payload holds JSON Convex's parser refuses (${payload.strictError})`,
    };
  if (payload.kind !== "object") return { ok: false, detail: "the payload is not a JSON object" };
  const claims = readRegisteredClaims(payload);
  if ("detail" in claims) return { ok: false, ...claims };
  const header = decodeJsonNode(parts[0]);
  const headerNode = typeof header !== "string" && header.kind === "object" ? header : null;
  return {
    ok: true,
    token: {
      parts: parts.length,
      header: headerNode ? headerNode.value : null,
      headerNode,
      payload: payload.value,
      payloadNode: payload,
      claims,
    },
  };
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
