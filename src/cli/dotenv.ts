/**
 * A small dotenv parser: `KEY=value` lines, `export KEY=value`, `#` comments (whole-line, and
 * after an unquoted value when preceded by whitespace), single, double and backtick quotes
 * (double quotes expand `\n`, `\r`, `\t`, `\"`, `\\`), quoted values spanning several lines.
 * It also reads the output of `npx convex env list`, which is in this format.
 * No variable expansion: Convex and Vite treat `$` literally in most setups, and we report
 * values, we do not compute them.
 */

/** One parse problem, with its 1-based line number. Values never appear in warnings. */
export interface DotenvWarning {
  line: number;
  message: string;
}

/** Parsed variables (later lines win, as in dotenv) plus what could not be read. */
export interface DotenvResult {
  vars: Record<string, string>;
  warnings: DotenvWarning[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Callers read at most 1 MiB (files.ts), so this never cuts what they pass.
const MAX_CHARS = 1024 * 1024;

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\])/g, (_m, c: string) =>
    c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

/**
 * Parses dotenv text.
 * @example parseDotenv('export A="x y" # note\nB=2').vars // { A: "x y", B: "2" }
 */
export function parseDotenv(text: string): DotenvResult {
  const vars: Record<string, string> = Object.create(null) as Record<string, string>;
  const warnings: DotenvWarning[] = [];
  const src = (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text)
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n");
  const lines = src.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("export ") || line.startsWith("export\t")) line = line.slice(7).trimStart();
    const eq = line.indexOf("=");
    if (eq <= 0) {
      warnings.push({ line: lineNo, message: "not a KEY=value line" });
      continue;
    }
    const key = line.slice(0, eq).trim();
    if (!KEY.test(key)) {
      warnings.push({ line: lineNo, message: `invalid variable name "${key.slice(0, 40)}"` });
      continue;
    }
    let rest = line.slice(eq + 1).trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      // Find the closing quote, possibly on a later line. Each character is looked at once:
      // searching the growing value from its start on every line made one unterminated quote
      // in a long file quadratic.
      const scan = new QuoteScan(quote);
      const pieces = [rest.slice(1)];
      let close = scan.feed(pieces[0]!);
      let j = i;
      while (close < 0 && j + 1 < lines.length) {
        j++;
        pieces.push(`\n${lines[j]!}`);
        close = scan.feed(pieces[pieces.length - 1]!);
      }
      if (close < 0) {
        warnings.push({ line: lineNo, message: `unterminated ${quote} quote for ${key}` });
        // Like dotenv, fall back to the raw first line.
        vars[key] = rest.trim();
        continue;
      }
      i = j;
      pieces[pieces.length - 1] = pieces[pieces.length - 1]!.slice(0, close);
      const inner = pieces.join("");
      vars[key] = quote === '"' ? unescapeDouble(inner) : inner;
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    vars[key] = rest.trim();
  }
  return { vars: { ...vars }, warnings };
}

/**
 * Looks for the closing quote across pieces of text fed in order, carrying a pending backslash
 * (double quotes only) from one piece to the next.
 */
class QuoteScan {
  private escaped = false;
  constructor(private readonly quote: string) {}

  /** The index of the closing quote in `piece`, or -1 when it is not in this piece. */
  feed(piece: string): number {
    for (let k = 0; k < piece.length; k++) {
      if (this.escaped) {
        this.escaped = false;
        continue;
      }
      const c = piece[k];
      if (c === "\\" && this.quote === '"') this.escaped = true;
      else if (c === this.quote) return k;
    }
    return -1;
  }
}
