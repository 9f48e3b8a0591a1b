/**
 * Pure helpers that turn arbitrary data into valid Convex values: Convex-valid keys, bounded
 * depth, and the size of a value. Secret detection is not here: it is `core/secrets.ts`, the one
 * detector every surface uses.
 */

const MAX_DEPTH = 8;
const encoder = new TextEncoder();

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

/**
 * Size of a Convex value as Convex counts it against its limits (the rule of `getConvexSize` in
 * `convex/values`, which older Convex versions do not export): numbers 9 bytes, strings 2 plus
 * their UTF-8 bytes, objects 2 plus each key's bytes plus 1 plus its value. Unlike JSON, an array
 * of small numbers costs 9 bytes per element, so JSON length does not bound it.
 */
export function convexBytes(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null || typeof value === "boolean") return 1;
  if (typeof value === "number" || typeof value === "bigint") return 9;
  if (typeof value === "string") return 2 + encoder.encode(value).length;
  if (value instanceof ArrayBuffer) return 2 + value.byteLength;
  if (Array.isArray(value)) {
    let size = 2;
    for (const item of value) size += convexBytes(item);
    return size;
  }
  if (typeof value === "object") {
    let size = 2;
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined) size += encoder.encode(key).length + 1 + convexBytes(inner);
    }
    return size;
  }
  return 0;
}

/** What Convex counts for `_id` and `_creationTime` when a document does not have them yet. */
const ID_BYTES = 38;
const CREATION_TIME_BYTES = 23;

/**
 * Size of a document as Convex counts it for the transaction limits (bytes read and written):
 * {@link convexBytes} plus `_id` and `_creationTime`, as `getDocumentSize` in `convex/values`
 * estimates them for a document about to be inserted.
 */
export function documentBytes(doc: Record<string, unknown>): number {
  return (
    convexBytes(doc) +
    (doc._id === undefined ? ID_BYTES : 0) +
    (doc._creationTime === undefined ? CREATION_TIME_BYTES : 0)
  );
}
