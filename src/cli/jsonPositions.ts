/**
 * A JSON reader that remembers where each value is, so a finding can name the line of
 * `convex.json` to change. Only for text `JSON.parse` already accepted; anything else is `null`.
 */

/** A JSON value and the character range it spans (`end` exclusive). */
export type JsonNode =
  | { kind: "object"; start: number; end: number; entries: JsonEntry[] }
  | { kind: "array"; start: number; end: number; items: JsonNode[] }
  | { kind: "string"; start: number; end: number; value: string }
  | { kind: "other"; start: number; end: number };

/** One `"key": value` of an object. */
export interface JsonEntry {
  key: string;
  keyStart: number;
  value: JsonNode;
}

/** Parses `text` keeping positions, or `null` when it is not JSON. */
export function parseJsonPositions(text: string): JsonNode | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): { value: string; start: number; end: number } => {
    const start = i;
    if (text[i] !== '"') throw new Error("string expected");
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return { value: JSON.parse(text.slice(start, i)) as string, start, end: i };
  };
  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: JsonEntry[] = [];
      ws();
      if (text[i] === "}") return { kind: "object", start, end: ++i, entries };
      for (;;) {
        ws();
        const key = str();
        ws();
        if (text[i++] !== ":") throw new Error("colon expected");
        entries.push({ key: key.value, keyStart: key.start, value: value() });
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "}") throw new Error("object end expected");
        return { kind: "object", start, end: i, entries };
      }
    }
    if (c === "[") {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === "]") return { kind: "array", start, end: ++i, items };
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "]") throw new Error("array end expected");
        return { kind: "array", start, end: i, items };
      }
    }
    if (c === '"') return { kind: "string", ...str() };
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) throw new Error("value expected");
    i += m[0].length;
    return { kind: "other", start, end: i };
  };
  try {
    const root = value();
    ws();
    return i === text.length ? root : null;
  } catch {
    return null;
  }
}

/** The value at `path` (object keys and array indexes), or `null`. */
export function nodeAt(
  root: JsonNode | null,
  path: ReadonlyArray<string | number>,
): JsonNode | null {
  let node = root;
  for (const step of path) {
    if (node === null) return null;
    if (typeof step === "number") node = node.kind === "array" ? (node.items[step] ?? null) : null;
    else
      node =
        node.kind === "object" ? (node.entries.find((e) => e.key === step)?.value ?? null) : null;
  }
  return node;
}

/** The entry for `key` in the object at `path` (for the line of a key), or `null`. */
export function entryAt(
  root: JsonNode | null,
  path: ReadonlyArray<string | number>,
  key: string,
): JsonEntry | null {
  const node = nodeAt(root, path);
  return node?.kind === "object" ? (node.entries.find((e) => e.key === key) ?? null) : null;
}

/** The 1-based line of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

/** The text of a 1-based line, trimmed. */
export function lineText(text: string, line: number): string {
  return (text.split("\n")[line - 1] ?? "").trim();
}
