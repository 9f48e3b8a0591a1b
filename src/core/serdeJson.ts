/**
 * A JSON reader that keeps what `JSON.parse` hides but the Convex backend's JSON parser
 * (serde_json 1.0.145, pinned in convex-backend 94a42c3d `Cargo.lock`) acts on: repeated member
 * names, the literal text of numbers, escapes that decode to unpaired UTF-16 surrogates, numbers
 * outside the f64 range and the nesting depth. The grammar is the same as `JSON.parse`'s (both
 * follow RFC 8259; serde_json's whitespace is space, tab, LF and CR, `de.rs:255-266`).
 *
 * serde_json checks some rules only for values it deserializes, not for values it skips: a
 * member a Rust struct does not name is skipped with `ignore_value` (`de.rs:1100`), which checks
 * neither surrogates nor number range nor depth. So the reader records such problems per node
 * (`strictError`) instead of failing, and callers ask for them only where the backend buffers or
 * reads the value.
 */

/** One parsed JSON value with what serde_json would say about it. */
export type JsonNode = JsonObject | JsonArray | JsonScalar;

interface NodeBase {
  /**
   * The first problem, in document order, serde_json reports when it deserializes this value
   * (not when it skips it); `null` when there is none.
   */
  strictError: string | null;
  /** The value as `JSON.parse` returns it (own `__proto__` members included). */
  value: unknown;
}

export interface JsonObject extends NodeBase {
  kind: "object";
  /** The first member name that is an unpaired surrogate escape (serde_json refuses it as a name). */
  keyError: string | null;
  /** Members in document order, repeated names included. */
  entries: Array<[string, JsonNode]>;
  value: Record<string, unknown>;
}

export interface JsonArray extends NodeBase {
  kind: "array";
  items: JsonNode[];
  value: unknown[];
}

export interface JsonScalar extends NodeBase {
  kind: "string" | "number" | "boolean" | "null";
  /** The literal text of a number (`1.5e3`, `-0`); `null` for other kinds. */
  raw: string | null;
}

export type JsonParse = { ok: true; node: JsonNode } | { ok: false; error: string };

// serde_json starts `remaining_depth` at 128 and fails when entering a container brings it to 0
// (`de.rs:63`, `de.rs:1370-1376`), so a container nested 128 deep is refused.
const MAX_DEPTH = 127;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** Defines a member the way `JSON.parse` does: an own data property, even for `__proto__`. */
export function defineMember(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

interface Frame {
  node: JsonObject | JsonArray;
  /** The member name waiting for its value (objects only). */
  key: string | null;
}

/**
 * Parses `text` as JSON without losing repeated names or number literals. Syntax errors (which
 * serde_json reports whether it deserializes or skips the value) fail the whole parse; the rules
 * serde_json checks only on deserialized values are left in each node's `strictError`.
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function parseJson(text: string): JsonParse {
  let i = 0;
  const n = text.length;
  const stack: Frame[] = [];
  let root: JsonNode | null = null;

  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) i++;
      else break;
    }
  };
  const fail = (what: string): JsonParse => ({ ok: false, error: `${what} at offset ${i}` });

  // Reads a string literal starting at `i` (the opening quote); `lone` is set when an escape
  // decodes to an unpaired surrogate, which serde_json refuses when it reads the string
  // (`read.rs:900-973`: `validate` is true when deserializing).
  const readString = (): { value: string; lone: boolean } | null => {
    i++;
    let out = "";
    let lone = false;
    let start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return { value: out, lone };
      }
      if (c < 0x20) return null;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(start, i);
      const e = text[i + 1];
      if (e === undefined) return null;
      if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
        const unit = parseInt(hex, 16);
        out += String.fromCharCode(unit);
        i += 6;
        if (unit >= 0xdc00 && unit <= 0xdfff) lone = true;
        else if (unit >= 0xd800 && unit <= 0xdbff) {
          const next = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(text.slice(i, i + 6));
          if (next) {
            out += String.fromCharCode(parseInt(next[1]!, 16));
            i += 6;
          } else lone = true;
        }
      } else {
        const decoded = ESCAPES[e];
        if (decoded === undefined) return null;
        out += decoded;
        i += 2;
      }
      start = i;
    }
    return null;
  };

  const markKey = (node: JsonObject): void => {
    node.keyError ??= "unpaired surrogate in a member name";
    node.strictError ??= node.keyError;
  };

  // Attaches a finished value to its parent (or makes it the root).
  const attach = (node: JsonNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = node;
      return;
    }
    if (top.node.kind === "array") {
      top.node.items.push(node);
      top.node.value.push(node.value);
    } else {
      const key = top.key!;
      top.node.entries.push([key, node]);
      defineMember(top.node.value, key, node.value);
      top.key = null;
    }
    if (top.node.strictError === null && node.strictError !== null)
      top.node.strictError = node.strictError;
  };

  for (;;) {
    skipWs();
    if (i >= n) return fail("unexpected end of input");
    const c = text[i]!;
    let finished: JsonNode;
    if (c === "{" || c === "[") {
      const depth = stack.length + 1;
      const strictError = depth > MAX_DEPTH ? "recursion limit exceeded" : null;
      const node: JsonObject | JsonArray =
        c === "{"
          ? { kind: "object", entries: [], value: {}, strictError, keyError: null }
          : { kind: "array", items: [], value: [], strictError };
      i++;
      skipWs();
      const empty = text[i] === (c === "{" ? "}" : "]");
      if (empty) {
        i++;
        finished = node;
      } else {
        stack.push({ node, key: null });
        if (c === "{") {
          if (text[i] !== '"') return fail("expected a member name");
          const key = readString();
          if (key === null) return fail("invalid string");
          if (key.lone) markKey(node as JsonObject);
          skipWs();
          if (text[i] !== ":") return fail("expected `:`");
          i++;
          stack[stack.length - 1]!.key = key.value;
        }
        continue;
      }
    } else if (c === '"') {
      const s = readString();
      if (s === null) return fail("invalid string");
      finished = {
        kind: "string",
        raw: null,
        value: s.value,
        strictError: s.lone ? "unpaired surrogate" : null,
      };
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail("invalid number");
      i += m[0].length;
      const value = Number(m[0]);
      // serde_json fails when a number does not fit an f64 (`de.rs:378-408`, `ErrorCode::
      // NumberOutOfRange`); JSON.parse gives Infinity instead.
      finished = {
        kind: "number",
        raw: m[0],
        value,
        strictError: Number.isFinite(value) ? null : "number out of range",
      };
    } else if (text.startsWith("true", i) || text.startsWith("false", i)) {
      const v = c === "t";
      i += v ? 4 : 5;
      finished = { kind: "boolean", raw: null, value: v, strictError: null };
    } else if (text.startsWith("null", i)) {
      i += 4;
      finished = { kind: "null", raw: null, value: null, strictError: null };
    } else {
      return fail("expected a value");
    }
    attach(finished);
    // Close finished containers, or move on to the next member or element.
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) {
        skipWs();
        return i === n ? { ok: true, node: root! } : fail("trailing characters");
      }
      skipWs();
      const close = top.node.kind === "object" ? "}" : "]";
      if (text[i] === close) {
        i++;
        stack.pop();
        attach(top.node);
        continue;
      }
      if (text[i] !== ",") return fail("expected `,` or a closing bracket");
      i++;
      if (top.node.kind === "object") {
        skipWs();
        if (text[i] !== '"') return fail("expected a member name");
        const key = readString();
        if (key === null) return fail("invalid string");
        if (key.lone) markKey(top.node);
        skipWs();
        if (text[i] !== ":") return fail("expected `:`");
        i++;
        top.key = key.value;
      }
      break;
    }
  }
}

/** The members of an object named `name`, in document order. */
export function membersNamed(node: JsonObject, name: string): JsonNode[] {
  const out: JsonNode[] = [];
  for (const [k, v] of node.entries) if (k === name) out.push(v);
  return out;
}

/** `JSON.parse`-compatible: the plain value, or `undefined` when the text is not JSON. */
export function plainValue(parse: JsonParse): unknown {
  return parse.ok ? parse.node.value : undefined;
}
