/**
 * The dotenv parser as it was before quoted values were scanned in one pass: it searched the
 * growing value from its start on every line. Kept only as the oracle that the linear parser
 * must agree with (test/cli/dotenv.test.ts).
 */
import type { DotenvResult, DotenvWarning } from "../../src/cli/dotenv.js";

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MAX_BYTES = 1_000_000;

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\])/g, (_m, c: string) =>
    c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

export function parseDotenvReference(text: string): DotenvResult {
  const vars: Record<string, string> = Object.create(null) as Record<string, string>;
  const warnings: DotenvWarning[] = [];
  const src = (text.length > MAX_BYTES ? text.slice(0, MAX_BYTES) : text)
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
      // Find the closing quote, possibly on a later line.
      let body = rest.slice(1);
      let close = findClose(body, quote);
      let j = i;
      while (close < 0 && j + 1 < lines.length) {
        j++;
        body += `\n${lines[j]!}`;
        close = findClose(body, quote);
      }
      if (close < 0) {
        warnings.push({ line: lineNo, message: `unterminated ${quote} quote for ${key}` });
        // Like dotenv, fall back to the raw first line.
        vars[key] = rest.trim();
        continue;
      }
      i = j;
      const inner = body.slice(0, close);
      vars[key] = quote === '"' ? unescapeDouble(inner) : inner;
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    vars[key] = rest.trim();
  }
  return { vars: { ...vars }, warnings };
}

function findClose(body: string, quote: string): number {
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if (c === "\\" && quote === '"') {
      k++;
      continue;
    }
    if (c === quote) return k;
  }
  return -1;
}
