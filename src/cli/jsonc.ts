/**
 * JSON with comments, the way `tsconfig.json` is written: `//` and `/* *\/` comments, trailing
 * commas before `}` or `]`, and a leading byte-order mark are accepted; everything else must be
 * JSON. Text it cannot read is an error, never a guess.
 */

/** The outcome of {@link parseJsonc}. */
export type JsoncResult = { ok: true; value: unknown } | { ok: false; error: string };

/** The text without comments (replaced by spaces, newlines kept) and without trailing commas. */
function toJson(text: string): string {
  let out = "";
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Index in `out` of the last comma outside strings, while only whitespace followed it.
  let pendingComma = -1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      i++;
      out += text.slice(start, i);
      pendingComma = -1;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
      continue;
    }
    if ((c === "}" || c === "]") && pendingComma >= 0) {
      out = `${out.slice(0, pendingComma)} ${out.slice(pendingComma + 1)}`;
    }
    if (c === ",") pendingComma = out.length;
    else if (!/\s/.test(c)) pendingComma = -1;
    out += c;
    i++;
  }
  return out;
}

/**
 * Parses JSON with comments and trailing commas (a `tsconfig.json`).
 * @example parseJsonc('{ "a": 1, // one\n }') // { ok: true, value: { a: 1 } }
 */
export function parseJsonc(text: string): JsoncResult {
  try {
    return { ok: true, value: JSON.parse(toJson(text)) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
