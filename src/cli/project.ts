import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { UsageError } from "./args.js";
import { parseDotenv } from "./dotenv.js";
import { readNextProxy, type NextProxyInfo } from "./nextProxy.js";
import {
  ENV_FILE_MAX_BYTES,
  formatBytes,
  readRegularFile,
  SOURCE_FILE_MAX_BYTES,
} from "./files.js";

/** Which front-end convention the project follows (decides which env var names it reads). */
export type ProjectKind = "vite" | "next" | "unknown";

/** A local env var and the file it came from. */
export interface LocalVar {
  value: string;
  /** File name relative to the project, e.g. `.env.local`. */
  file: string;
}

/** What the doctor learned about the project from its files. */
export interface ProjectInfo {
  /** Absolute project directory. */
  dir: string;
  kind: ProjectKind;
  /** Functions directory relative to the project (from `convex.json`, default `convex/`). */
  functionsDir: string;
  /** Absolute path of `auth.config.ts` / `.js`, or `null` when there is none. */
  authConfigFile: string | null;
  /** Problems reading `convex.json` or the auth config location. */
  problems: string[];
  /** Other files the doctor refused to read (not a regular file, or too large), and why. */
  unreadable: UnreadFile[];
  /** The env files that exist, highest priority first. */
  envFiles: string[];
  /** Local env vars (the highest-priority file wins), by name. */
  localEnv: Record<string, LocalVar>;
  /** Port the dev server uses, and where that was learned. */
  devPort: { port: number; source: string } | null;
  /** Next.js route handler paths found under `app/` (e.g. `/callback`), or `null` without an app dir. */
  nextRoutes: string[] | null;
  /** `WORKOS_*` env vars read by Convex functions (not auth.config), with the files reading them. */
  functionEnvReads: Record<string, string[]>;
  /** AuthKit's proxy and the pages it must cover, for a Next.js app using authkit-nextjs; else `null`. */
  nextProxy: NextProxyInfo | null;
}

/** A project file that was not read. */
export interface UnreadFile {
  /** Relative to the project, e.g. `.env.local`. */
  file: string;
  /** Completes "`file` …", e.g. "is a FIFO (named pipe), not a regular file". */
  reason: string;
  /** The size cap for that kind of file, e.g. `1 MiB`. */
  limit: string;
}

/** Reads project files, remembering each refusal (a missing file is not one). */
class Reader {
  readonly unreadable: UnreadFile[] = [];
  constructor(private readonly dir: string) {}

  text(abs: string, maxBytes: number): string | null {
    const r = readRegularFile(abs, maxBytes);
    if (r.ok) return r.text;
    if (!r.missing)
      this.unreadable.push({
        file: rel(this.dir, abs),
        reason: r.reason,
        limit: formatBytes(maxBytes),
      });
    return null;
  }
}

// Vite and Next.js both load these in development, highest priority first.
const ENV_FILES = [".env.development.local", ".env.local", ".env.development", ".env"];

type JsonRead =
  | { ok: true; value: unknown }
  | { ok: false; error: string }
  | { ok: false; refused: string }
  | null;

function readJson(file: string): JsonRead {
  const r = readRegularFile(file, SOURCE_FILE_MAX_BYTES);
  if (!r.ok) return r.missing ? null : { ok: false, refused: r.reason };
  try {
    return { ok: true, value: JSON.parse(r.text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function firstExisting(dir: string, names: string[]): string | null {
  for (const n of names) if (existsSync(join(dir, n))) return n;
  return null;
}

/**
 * Reads the project's layout, kind and local env files.
 * @throws {UsageError} when `dir` does not exist or does not look like a Convex project.
 */
export function readProject(dirArg: string, cwd: string): ProjectInfo {
  const dir = resolve(cwd, dirArg);
  if (!existsSync(dir)) throw new UsageError(`project directory "${dirArg}" does not exist`);
  if (!isDir(dir)) throw new UsageError(`"${dirArg}" is not a directory`);
  const problems: string[] = [];
  const reader = new Reader(dir);

  let functionsDir = "convex";
  const convexJson = readJson(join(dir, "convex.json"));
  if (convexJson && !convexJson.ok)
    problems.push(
      "refused" in convexJson
        ? `\`convex.json\` ${convexJson.refused}`
        : `\`convex.json\` is not valid JSON (${convexJson.error})`,
    );
  if (convexJson?.ok) {
    const fn = (convexJson.value as { functions?: unknown } | null)?.functions;
    if (typeof fn === "string" && fn.trim() !== "") functionsDir = fn.trim().replace(/[\\/]+$/, "");
    else if (fn !== undefined)
      problems.push("`convex.json` has a `functions` value that is not a path");
  }
  const functionsAbs = resolve(dir, functionsDir);
  const pkg = readJson(join(dir, "package.json"));
  if (pkg && !pkg.ok && "refused" in pkg)
    reader.unreadable.push({
      file: "package.json",
      reason: pkg.refused,
      limit: formatBytes(SOURCE_FILE_MAX_BYTES),
    });
  if (!isDir(functionsAbs) && !convexJson && !pkg) {
    throw new UsageError(
      `"${dirArg}" does not look like a Convex project (no convex.json, package.json or convex/ directory)`,
    );
  }

  let authConfigFile: string | null = null;
  const ts = join(functionsAbs, "auth.config.ts");
  const js = join(functionsAbs, "auth.config.js");
  if (existsSync(ts) && existsSync(js)) {
    problems.push(`Found both ${rel(dir, ts)} and ${rel(dir, js)}, choose one.`);
    authConfigFile = ts;
  } else if (existsSync(ts)) authConfigFile = ts;
  else if (existsSync(js)) authConfigFile = js;

  const pkgValue = pkg?.ok ? (pkg.value as Record<string, unknown>) : {};
  const deps = {
    ...(pkgValue.dependencies as object | undefined),
    ...(pkgValue.devDependencies as object | undefined),
  } as Record<string, unknown>;
  const nextConfig = firstExisting(dir, [
    "next.config.js",
    "next.config.mjs",
    "next.config.ts",
    "next.config.cjs",
    "next.config.mts",
  ]);
  const viteConfig = firstExisting(dir, [
    "vite.config.ts",
    "vite.config.js",
    "vite.config.mjs",
    "vite.config.mts",
    "vite.config.cjs",
  ]);
  const kind: ProjectKind =
    nextConfig || "next" in deps ? "next" : viteConfig || "vite" in deps ? "vite" : "unknown";

  const envFiles = ENV_FILES.filter((f) => existsSync(join(dir, f)));
  const localEnv: Record<string, LocalVar> = {};
  for (const file of [...envFiles].reverse()) {
    const text = reader.text(join(dir, file), ENV_FILE_MAX_BYTES);
    if (text === null) continue;
    const { vars } = parseDotenv(text);
    for (const [name, value] of Object.entries(vars)) localEnv[name] = { value, file };
  }

  const scripts = (pkgValue.scripts ?? {}) as Record<string, unknown>;
  const devScript = typeof scripts.dev === "string" ? scripts.dev : "";
  const devPort = findDevPort(kind, dir, viteConfig, devScript, reader);

  const appDir =
    kind === "next" ? ([join(dir, "app"), join(dir, "src", "app")].find(isDir) ?? null) : null;
  const nextRoutes = appDir ? findRouteHandlers(appDir) : null;

  return {
    dir,
    kind,
    functionsDir,
    authConfigFile,
    problems,
    envFiles,
    localEnv,
    devPort,
    nextRoutes,
    functionEnvReads: isDir(functionsAbs) ? scanEnvReads(functionsAbs, dir, reader) : {},
    nextProxy:
      appDir && "@workos-inc/authkit-nextjs" in deps
        ? readNextProxy(dir, appDir, (abs) => reader.text(abs, SOURCE_FILE_MAX_BYTES))
        : null,
    unreadable: reader.unreadable,
  };
}

function rel(dir: string, file: string): string {
  return relative(dir, file).split(sep).join("/");
}

function findDevPort(
  kind: ProjectKind,
  dir: string,
  viteConfig: string | null,
  devScript: string,
  reader: Reader,
): ProjectInfo["devPort"] {
  const flag = /(?:^|\s)(?:--port|-p)[=\s]+(\d{2,5})\b/.exec(devScript);
  if (flag && /\b(vite|next)\b/.test(devScript))
    return { port: Number(flag[1]), source: "package.json `dev` script" };
  if (kind === "vite") {
    if (viteConfig) {
      const text = reader.text(join(dir, viteConfig), SOURCE_FILE_MAX_BYTES) ?? "";
      const m = /\bport\s*:\s*(\d{2,5})\b/.exec(text);
      if (m) return { port: Number(m[1]), source: `\`${viteConfig}\`` };
    }
    return { port: 5173, source: "Vite's default" };
  }
  if (kind === "next") return { port: 3000, source: "Next.js's default" };
  return null;
}

const ROUTE_FILE = /^route\.(ts|tsx|js|jsx|mjs|cjs|mts)$/;

/** Route handler paths under a Next.js `app/` dir; route groups `(x)` and `@slots` add no segment. */
/** A directory's entries in name order; none when it cannot be read. */
function sortedEntries(abs: string) {
  try {
    return readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return [];
  }
}

function findRouteHandlers(appDir: string): string[] {
  const out: string[] = [];
  let budget = 3000;
  const walk = (abs: string, segments: string[], depth: number) => {
    if (depth > 10 || budget <= 0) return;
    const entries = sortedEntries(abs);
    for (const e of entries) {
      if (--budget <= 0) return;
      if (e.isFile() && ROUTE_FILE.test(e.name)) out.push(`/${segments.join("/")}`);
      if (
        !e.isDirectory() ||
        e.name === "node_modules" ||
        e.name.startsWith("_") ||
        e.name.startsWith(".")
      )
        continue;
      const grouped = /^\(.*\)$/.test(e.name) || e.name.startsWith("@");
      walk(join(abs, e.name), grouped ? segments : [...segments, e.name], depth + 1);
    }
  };
  walk(appDir, [], 0);
  return out;
}

/** Whether a URL path is served by one of the route handler patterns (`[id]`, `[...all]` match). */
export function routeMatches(pattern: string, path: string): boolean {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (/^\[\[?\.\.\./.test(seg)) return seg.startsWith("[[") || s.length > i;
    if (i >= s.length) return false;
    if (/^\[.+\]$/.test(seg)) continue;
    if (seg !== s[i]) return false;
  }
  return p.length === s.length;
}

const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const ENV_READ = /process\.env(?:\.(WORKOS_[A-Z0-9_]+)|\[\s*["'`](WORKOS_[A-Z0-9_]+)["'`]\s*\])/g;

function scanEnvReads(functionsAbs: string, dir: string, reader: Reader): Record<string, string[]> {
  const reads: Record<string, string[]> = {};
  let budget = 500;
  const walk = (abs: string, depth: number) => {
    if (depth > 8 || budget <= 0) return;
    const entries = sortedEntries(abs);
    for (const e of entries) {
      if (--budget <= 0) return;
      const p = join(abs, e.name);
      if (e.isDirectory()) {
        if (e.name !== "_generated" && e.name !== "node_modules" && !e.name.startsWith("."))
          walk(p, depth + 1);
        continue;
      }
      if (!SOURCE_FILE.test(e.name) || /^auth\.config\./.test(e.name) || e.name.endsWith(".d.ts"))
        continue;
      const text = reader.text(p, SOURCE_FILE_MAX_BYTES) ?? "";
      for (const m of text.matchAll(ENV_READ)) {
        const name = (m[1] ?? m[2])!;
        const list = (reads[name] ??= []);
        const file = rel(dir, p);
        if (!list.includes(file)) list.push(file);
      }
    }
  };
  walk(functionsAbs, 0);
  return reads;
}
