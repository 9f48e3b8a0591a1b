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
  // Plain assignment is the fast path; only `__proto__` would hit the prototype setter.
  if (name !== "__proto__") target[name] = value;
  else
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

/** The parser's state: one instance per parse, methods instead of per-call closures. */
class Parser {
  i = 0;
  readonly stack: Frame[] = [];
  root: JsonNode | null = null;
  // Set by `readString`: whether the string just read holds an unpaired surrogate escape,
  // which serde_json refuses when it reads the string (`read.rs:900-973`: `validate` is true
  // when deserializing).
  lone = false;

  constructor(readonly text: string) {}

  skipWs(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) this.i++;
      else break;
    }
  }

  fail(what: string): JsonParse {
    return { ok: false, error: `${what} at offset ${this.i}` };
  }

  /** Reads a string literal starting at `i` (the opening quote); `null` when malformed. */
  readString(): string | null {
    const { text } = this;
    let i = this.i + 1;
    let out = "";
    let start = i;
    this.lone = false;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        this.i = i + 1;
        return out;
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
        const unit = hex4(text, i + 2);
        if (unit < 0) return null;
        out += String.fromCharCode(unit);
        i += 6;
        if (unit >= 0xdc00 && unit <= 0xdfff) this.lone = true;
        else if (unit >= 0xd800 && unit <= 0xdbff) {
          const next = text[i] === "\\" && text[i + 1] === "u" ? hex4(text, i + 2) : -1;
          if (next >= 0xdc00 && next <= 0xdfff) {
            out += String.fromCharCode(next);
            i += 6;
          } else this.lone = true;
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
  }

  markKey(node: JsonObject): void {
    node.keyError ??= "unpaired surrogate in a member name";
    node.strictError ??= node.keyError;
  }

  /** Reads `"name":` for the object on top of the stack; `false` when malformed. */
  readKey(frame: Frame): boolean {
    this.skipWs();
    if (this.text[this.i] !== '"') return false;
    const key = this.readString();
    if (key === null) return false;
    if (this.lone) this.markKey(frame.node as JsonObject);
    this.skipWs();
    if (this.text[this.i] !== ":") return false;
    this.i++;
    frame.key = key;
    return true;
  }

  /** Attaches a finished value to its parent (or makes it the root). */
  attach(node: JsonNode): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = node;
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
  }

  parse(): JsonParse {
    const { text, stack } = this;
    for (;;) {
      this.skipWs();
      if (this.i >= text.length) return this.fail("unexpected end of input");
      const c = text[this.i]!;
      let finished: JsonNode;
      if (c === "{" || c === "[") {
        const depth = stack.length + 1;
        const strictError = depth > MAX_DEPTH ? "recursion limit exceeded" : null;
        const node: JsonObject | JsonArray =
          c === "{"
            ? { kind: "object", entries: [], value: {}, strictError, keyError: null }
            : { kind: "array", items: [], value: [], strictError };
        this.i++;
        this.skipWs();
        if (text[this.i] === (c === "{" ? "}" : "]")) {
          this.i++;
          finished = node;
        } else {
          const frame: Frame = { node, key: null };
          stack.push(frame);
          if (c === "{" && !this.readKey(frame)) return this.fail("expected a member name");
          continue;
        }
      } else if (c === '"') {
        const value = this.readString();
        if (value === null) return this.fail("invalid string");
        finished = {
          kind: "string",
          raw: null,
          value,
          strictError: this.lone ? "unpaired surrogate" : null,
        };
      } else if (c === "-" || (c >= "0" && c <= "9")) {
        NUMBER.lastIndex = this.i;
        const m = NUMBER.exec(text);
        if (!m) return this.fail("invalid number");
        this.i += m[0].length;
        const value = Number(m[0]);
        // serde_json fails when a number does not fit an f64 (`de.rs:378-408`,
        // `ErrorCode::NumberOutOfRange`); JSON.parse gives Infinity instead.
        finished = {
          kind: "number",
          raw: m[0],
          value,
          strictError: Number.isFinite(value) ? null : "number out of range",
        };
      } else if (text.startsWith("true", this.i) || text.startsWith("false", this.i)) {
        const v = c === "t";
        this.i += v ? 4 : 5;
        finished = { kind: "boolean", raw: null, value: v, strictError: null };
      } else if (text.startsWith("null", this.i)) {
        this.i += 4;
        finished = { kind: "null", raw: null, value: null, strictError: null };
      } else {
        return this.fail("expected a value");
      }
      this.attach(finished);
      // Close finished containers, or move on to the next member or element.
      for (;;) {
        const top = stack[stack.length - 1];
        this.skipWs();
        if (!top)
          return this.i === text.length
            ? { ok: true, node: this.root! }
            : this.fail("trailing characters");
        const close = top.node.kind === "object" ? "}" : "]";
        if (text[this.i] === close) {
          this.i++;
          stack.pop();
          this.attach(top.node);
          continue;
        }
        if (text[this.i] !== ",") return this.fail("expected `,` or a closing bracket");
        this.i++;
        if (top.node.kind === "object" && !this.readKey(top))
          return this.fail("expected a member name");
        break;
      }
    }
  }
}

/** The value of four hex digits at `text[at]`, or -1. */
function hex4(text: string, at: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = text.charCodeAt(at + k);
    const d =
      c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Parses `text` as JSON without losing repeated names or number literals. Syntax errors (which
 * serde_json reports whether it deserializes or skips the value) fail the whole parse; the rules
 * serde_json checks only on deserialized values are left in each node's `strictError`.
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function parseJson(text: string): JsonParse {
  return new Parser(text).parse();
}
