/**
 * Whether AuthKit's proxy (`proxy.ts`, `middleware.ts` before Next.js 16) runs for every page of
 * a Next.js App Router project. `withAuth()` throws on a path the proxy did not handle, and the
 * starter's root layout calls it, so a page left out of `config.matcher` fails.
 *
 * The matcher is read from the file's text (Next.js itself requires it to be a literal) and
 * compiled the way Next.js compiles it: `path-to-regexp` 6 with its default options.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToRegexp } from "path-to-regexp";

/** What the doctor learned about the proxy of a Next.js project. */
export interface NextProxyInfo {
  /** The proxy file relative to the project (`proxy.ts`, `src/middleware.ts`, …), or `null`. */
  file: string | null;
  /** Whether it runs AuthKit (`authkitMiddleware`, `authkitProxy`, `authkit(`). */
  usesAuthKit: boolean;
  /** The `config.matcher` sources; `null` when there is none (the proxy runs for every path). */
  matcher: string[] | null;
  /** A `matcher` exists but is not a literal the doctor can read. */
  matcherUnreadable: boolean;
  /** Pages under `app/`: a concrete sample path and the file serving it. */
  pages: { path: string; file: string }[];
}

const PROXY_NAMES = ["proxy", "middleware"];
const SCRIPT_EXTENSIONS = ["ts", "js", "mts", "mjs", "tsx", "jsx"];
const AUTHKIT_CALL = /\b(?:authkitMiddleware|authkitProxy|authkit)\s*\(/;
const PAGE_FILE = /^page\.(tsx|ts|jsx|js|mdx|mjs|mts)$/;

/** Reads one string literal starting at `text[i]` (a quote); `null` when it is not a plain one. */
function readString(text: string, i: number): { value: string; end: number } | null {
  const quote = text[i];
  if (quote !== '"' && quote !== "'" && quote !== "`") return null;
  let value = "";
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === quote) return { value, end: j + 1 };
    if (c === "\n" && quote !== "`") return null;
    if (quote === "`" && c === "$" && text[j + 1] === "{") return null;
    if (c === "\\") {
      const n = text[++j];
      value += n === "n" ? "\n" : n === "t" ? "\t" : (n ?? "");
    } else value += c;
  }
  return null;
}

/**
 * The `matcher` of `export const config = { matcher: … }` in a proxy file's text: a string, or an
 * array of strings and `{ source: "…" }` objects.
 * @example parseMatcher('export const config = { matcher: ["/", "/dashboard/:path*"] }') // { matcher: ["/", "/dashboard/:path*"], unreadable: false }
 */
export function parseMatcher(text: string): { matcher: string[] | null; unreadable: boolean } {
  const at = /\bmatcher\s*:\s*/.exec(text);
  if (!at) return { matcher: null, unreadable: false };
  let i = at.index + at[0].length;
  const single = readString(text, i);
  if (single) return { matcher: [single.value], unreadable: false };
  if (text[i] !== "[") return { matcher: null, unreadable: true };
  const out: string[] = [];
  let depth = 0;
  for (i = i + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i < 0) break;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
      if (i <= 0) break;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === "]" && depth === 0) return { matcher: out, unreadable: false };
    else if (c === '"' || c === "'" || c === "`") {
      const s = readString(text, i);
      if (!s) return { matcher: null, unreadable: true };
      // Inside `{ source: "…", has: … }` only `source` is a path.
      const before = text.slice(Math.max(0, i - 20), i);
      if (depth === 0 || /\bsource\s*:\s*$/.test(before)) out.push(s.value);
      i = s.end - 1;
    }
  }
  return { matcher: null, unreadable: true };
}

/**
 * Whether the proxy runs for `path` under `matcher` (`null`: no matcher, every path). Compiled
 * as Next.js compiles a matcher source; a source that does not compile matches nothing.
 */
export function matcherCovers(matcher: readonly string[] | null, path: string): boolean {
  if (matcher === null) return true;
  return matcher.some((source) => {
    try {
      return pathToRegexp(source).test(path);
    } catch {
      return false;
    }
  });
}

/** A path that a page's route pattern serves: `[id]` → `x`, `[...all]` → `x/y`, `[[...all]]` → nothing. */
function samplePath(segments: string[]): string {
  const parts = segments.flatMap((s) =>
    /^\[\[\.\.\..+\]\]$/.test(s)
      ? []
      : /^\[\.\.\..+\]$/.test(s)
        ? ["x", "y"]
        : /^\[.+\]$/.test(s)
          ? ["x"]
          : [s],
  );
  return `/${parts.join("/")}`;
}

/**
 * Pages under an `app/` directory (route groups and slots add no segment). Route handlers are
 * left out: AuthKit's own (`handleAuth()`, sign-in URLs) work without the proxy.
 */
export function findPages(appDir: string, projectDir: string): NextProxyInfo["pages"] {
  const out: NextProxyInfo["pages"] = [];
  let budget = 3000;
  const walk = (abs: string, segments: string[], depth: number) => {
    if (depth > 10 || budget <= 0) return;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : 1,
      );
    } catch {
      return;
    }
    for (const e of entries) {
      if (--budget <= 0) return;
      if (e.isFile() && PAGE_FILE.test(e.name))
        out.push({
          path: samplePath(segments),
          file: relative(projectDir, join(abs, e.name)).split(sep).join("/"),
        });
      if (!e.isDirectory() || e.name === "node_modules" || /^[_.]/.test(e.name)) continue;
      const grouped = /^\(.*\)$/.test(e.name) || e.name.startsWith("@");
      walk(join(abs, e.name), grouped ? segments : [...segments, e.name], depth + 1);
    }
  };
  walk(appDir, [], 0);
  return out;
}

/**
 * Finds the proxy file (`proxy.*` before `middleware.*`, the project root before `src/`) and
 * reads its matcher. `read` returns a file's text, or `null` when it is missing or refused.
 */
export function readNextProxy(
  dir: string,
  appDir: string,
  read: (abs: string) => string | null,
): NextProxyInfo {
  const pages = findPages(appDir, dir);
  for (const base of ["", "src"]) {
    for (const name of PROXY_NAMES) {
      for (const ext of SCRIPT_EXTENSIONS) {
        const rel = base ? `${base}/${name}.${ext}` : `${name}.${ext}`;
        const abs = join(dir, rel);
        if (!existsSync(abs) || !statSync(abs).isFile()) continue;
        const text = read(abs) ?? "";
        const { matcher, unreadable } = parseMatcher(text);
        return {
          file: rel,
          usesAuthKit: AUTHKIT_CALL.test(text),
          matcher,
          matcherUnreadable: unreadable,
          pages,
        };
      }
    }
  }
  return { file: null, usesAuthKit: false, matcher: null, matcherUnreadable: false, pages };
}
