/**
 * Whether the app's own TypeScript build can type `process` in `auth.config.ts`
 * (`AUTH_CONFIG_PROCESS_UNTYPED`).
 *
 * A module of the functions dir that imports `./auth.config` (as `convex/authDiagnostics.ts`
 * does) puts auth.config.ts into every program that imports `convex/_generated/api`: its
 * `api.d.ts` imports that module's types. The app's browser tsconfig (`tsconfig.app.json` in
 * the Vite starter, built by `tsc -b` before `vite build`) then type-checks auth.config.ts too,
 * and its `process.env.WORKOS_CLIENT_ID` fails with TS2591 "Cannot find name 'process'" unless
 * that tsconfig loads Node's types: listed in `compilerOptions.types`, or, without `types`, on
 * TypeScript before 6, which loads every installed `@types/*` package (6 loads none).
 *
 * Everything here is read from files, never run; whatever cannot be read is reported as not
 * checked, never guessed.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { finding } from "../core/index.js";
import type { CheckSection } from "./checks.js";
import { readRegularFile, SOURCE_FILE_MAX_BYTES } from "./files.js";
import { parseJsonc } from "./jsonc.js";
import { parseVersion } from "./nodeRange.js";
import type { ProjectInfo } from "./project.js";

/** The line the fix adds to auth.config.ts (esbuild drops `declare` statements). */
export const PROCESS_DECLARATION =
  "declare const process: { env: Record<string, string | undefined> };";

/** Why auth.config.ts type-checks without Node's types, or `null` when it needs them. */
export type SelfTyped = "no-process" | "declares" | "references";

/** What a browser tsconfig gives `process`. */
export type NodeTypes =
  /** `compilerOptions.types` is a list (`from`: the config that sets it). */
  | { kind: "listed"; types: string[]; from: string }
  /** No `types` anywhere in its `extends` chain. */
  | { kind: "absent" }
  /** `next-env.d.ts` is included: Next.js's types bring Node's. */
  | { kind: "next-env" }
  /**
   * The app's `vite.config.ts` is in the same program (TanStack Start's starter includes it):
   * `vite`'s own types reference Node's (`/// <reference types="node" />`), so `process` is typed.
   */
  | { kind: "vite-config"; file: string }
  /** Not known (a package in `extends`, a `types` that is not a list); `why` completes "its `types` …". */
  | { kind: "unknown"; why: string };

/** A tsconfig that type-checks the app's sources. */
export interface BrowserConfig {
  /** Relative to the project, e.g. `tsconfig.app.json`. */
  file: string;
  nodeTypes: NodeTypes;
}

/** What the doctor read for the check. */
export interface AuthConfigTypes {
  /** The auth config, relative to the project (`convex/auth.config.ts`). */
  file: string;
  /** The first module of the functions dir that imports it. */
  importer: string;
  /** `convex/_generated/api` under the configured functions dir. */
  api: string;
  selfTyped: SelfTyped | null;
  /** The same for the importer itself (e.g. a production switch reading `process.env`). */
  importerSelfTyped: SelfTyped | null;
  /** The project's installed TypeScript version, or `null` when it is not found. */
  typescript: string | null;
  /** Browser tsconfigs found from the root `tsconfig.json`. */
  configs: BrowserConfig[];
  /** tsconfig files that could not be used, as checklist facts. */
  notes: string[];
}

// ── reading source text ───────────────────────────────────────────────────────────────────

const REGEX_AFTER = new Set([..."(,=:[!&|?{};+-*%<>~^"]);
const REGEX_AFTER_WORD =
  /\b(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/**
 * The source with comments (and regex literals) replaced by spaces, and with the contents of
 * strings and template literals blanked too when `blankStrings`; newlines and offsets are kept.
 * A light scanner, not a parser: a string or regex never runs past the end of its line, so a
 * misread (JSX text with an apostrophe) stays on one line.
 */
export function maskSource(text: string, blankStrings: boolean): string {
  const out: string[] = [];
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  // Brace depth at each `${` of the template literals we are inside.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const lastSignificant = () => {
    for (let k = out.length - 1; k >= 0; k--) {
      const t = out[k]!.trimEnd();
      if (t !== "") return t;
    }
    return "";
  };
  const template = () => {
    // From just after a backtick or `}` of `${…}` to the closing backtick or the next `${`.
    const start = i;
    while (i < text.length && text[i] !== "`" && !(text[i] === "$" && text[i + 1] === "{"))
      i += text[i] === "\\" ? 2 : 1;
    out.push(blankStrings ? blank(text.slice(start, i)) : text.slice(start, i));
    if (text[i] === "`") {
      out.push("`");
      i++;
    } else if (i < text.length) {
      out.push("${");
      i += 2;
      templates.push(depth++);
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      out.push(blank(text.slice(i, stop)));
      i = stop;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out.push(blank(text.slice(i, stop)));
      i = stop;
    } else if (c === '"' || c === "'") {
      const start = i++;
      while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      const body = text.slice(start + 1, Math.min(i, text.length));
      out.push(c, blankStrings ? blank(body) : body);
      if (text[i] === c) {
        out.push(c);
        i++;
      }
    } else if (c === "`") {
      out.push("`");
      i++;
      template();
    } else if (c === "}" && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      out.push("}");
      i++;
      template();
    } else if (c === "/") {
      const before = lastSignificant();
      const last = before[before.length - 1] ?? "";
      if (before === "" || REGEX_AFTER.has(last) || REGEX_AFTER_WORD.test(before)) {
        const start = i++;
        let inClass = false;
        while (i < text.length && text[i] !== "\n") {
          const r = text[i]!;
          if (r === "\\") i += 2;
          else {
            i++;
            if (r === "[") inClass = true;
            else if (r === "]") inClass = false;
            else if (r === "/" && !inClass) break;
          }
        }
        while (i < text.length && /[a-z]/i.test(text[i]!)) i++;
        out.push(blank(text.slice(start, i)));
      } else {
        out.push(c);
        i++;
      }
    } else {
      if (c === "{") depth++;
      else if (c === "}") depth = Math.max(0, depth - 1);
      out.push(c);
      i++;
    }
  }
  return out.join("");
}

/** Brace depth at `offset` of masked source. */
function depthAt(masked: string, offset: number): number {
  let d = 0;
  for (let k = 0; k < offset; k++) {
    if (masked[k] === "{") d++;
    else if (masked[k] === "}") d = Math.max(0, d - 1);
  }
  return d;
}

const READS_PROCESS = /(?<![\w$.])process\s*(?:\?\.|\.|\[)|=\s*process(?![\w$])/;
// A module-scoped binding. Not `import process from "node:process"`: without Node's types that
// import fails too (TS2591 on the module name).
const BINDS_PROCESS = /(?<![\w$.])(?:declare\s+)?(?:const|let|var)\s+process(?![\w$])/g;
const REFERENCES_NODE = /^\s*\/\/\/\s*<reference\s+types\s*=\s*["']node["']\s*\/>/m;

/** Why auth.config.ts needs no Node types, or `null` when it reads `process` from them. */
export function processTyping(text: string): SelfTyped | null {
  const code = maskSource(text, true);
  if (!READS_PROCESS.test(code)) return "no-process";
  for (const m of code.matchAll(BINDS_PROCESS)) if (depthAt(code, m.index) === 0) return "declares";
  // `declare global { var process: … }` declares the global itself.
  for (const m of code.matchAll(/\bdeclare\s+global\s*\{/g)) {
    const open = m.index + m[0].length;
    let d = 1;
    let k = open;
    while (k < code.length && d > 0) {
      if (code[k] === "{") d++;
      else if (code[k] === "}") d--;
      k++;
    }
    if (/(?<![\w$.])(?:var|let|const)\s+process(?![\w$])/.test(code.slice(open, k)))
      return "declares";
  }
  if (REFERENCES_NODE.test(text)) return "references";
  return null;
}

const SPECIFIER = /(?<![\w$])(?:from|import|require)\s*\(?\s*(["'])([^"'\n]+)\1/g;
const EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Whether `text` (the module at `fromAbs`) imports the module `targetAbs` by a relative path. */
export function importsModule(text: string, fromAbs: string, targetAbs: string): boolean {
  const target = targetAbs.replace(EXTENSION, "");
  for (const m of maskSource(text, false).matchAll(SPECIFIER)) {
    const spec = m[2]!;
    if (!spec.startsWith("./") && !spec.startsWith("../")) continue;
    if (resolve(dirname(fromAbs), spec).replace(EXTENSION, "") === target) return true;
  }
  return false;
}

// ── reading the project ───────────────────────────────────────────────────────────────────

function rel(dir: string, file: string): string {
  return relative(dir, file).split(sep).join("/");
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(abs: string): Array<{ name: string; dir: boolean; file: boolean }> {
  try {
    return readdirSync(abs, { withFileTypes: true })
      .map((e) => ({ name: e.name, dir: e.isDirectory(), file: e.isFile() }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return [];
  }
}

/** `p` is `parent` or inside it. */
function within(p: string, parent: string): boolean {
  return p === parent || p.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

// TypeScript sources only: a `.js` module is type-checked only with `allowJs`.
const TS_SOURCE = /\.(?:ts|tsx|mts|cts)$/;

/** The first TypeScript module of the functions dir (outside `_generated/`) importing `authAbs`. */
function findImporter(functionsAbs: string, authAbs: string): string | null {
  let budget = 500;
  const walk = (abs: string, depth: number): string | null => {
    if (depth > 8) return null;
    for (const e of listDir(abs)) {
      if (--budget <= 0) return null;
      const p = join(abs, e.name);
      if (e.dir) {
        if (e.name === "_generated" || e.name === "node_modules" || e.name.startsWith("."))
          continue;
        const found = walk(p, depth + 1);
        if (found) return found;
        continue;
      }
      if (!e.file || !TS_SOURCE.test(e.name) || /\.d\.[cm]?ts$/.test(e.name) || p === authAbs)
        continue;
      const read = readRegularFile(p, SOURCE_FILE_MAX_BYTES);
      if (read.ok && importsModule(read.text, p, authAbs)) return p;
    }
    return null;
  };
  return walk(functionsAbs, 0);
}

/** The installed TypeScript's version, looked up the way Node resolves `typescript`. */
function typescriptVersion(projectDir: string): string | null {
  for (let d = projectDir; ; d = dirname(d)) {
    const read = readRegularFile(
      join(d, "node_modules", "typescript", "package.json"),
      SOURCE_FILE_MAX_BYTES,
    );
    if (read.ok) {
      try {
        const version = (JSON.parse(read.text) as { version?: unknown } | null)?.version;
        return typeof version === "string" && parseVersion(version) ? version : null;
      } catch {
        return null;
      }
    }
    if (dirname(d) === d) return null;
  }
}

type Loaded = { ok: true; value: Record<string, unknown> } | { ok: false; why: string };

/** Reads one tsconfig file; `why` completes "`file` …". */
function loadConfig(abs: string): Loaded {
  const read = readRegularFile(abs, SOURCE_FILE_MAX_BYTES);
  if (!read.ok) return { ok: false, why: read.reason };
  const parsed = parseJsonc(read.text);
  if (!parsed.ok) return { ok: false, why: "cannot be read as JSON with comments" };
  const v = parsed.value;
  if (v === null || typeof v !== "object" || Array.isArray(v))
    return { ok: false, why: "is not a JSON object" };
  return { ok: true, value: v as Record<string, unknown> };
}

const MAX_EXTENDS = 5;

/** The files `extends` names, latest (strongest) first; `null` entries are packages or not paths. */
function extendsOf(abs: string, cfg: Record<string, unknown>): Array<string | null> | null {
  const ext = cfg.extends;
  if (ext === undefined) return [];
  const list = typeof ext === "string" ? [ext] : Array.isArray(ext) ? (ext as unknown[]) : null;
  if (list === null) return null;
  return [...list].reverse().map((e) => {
    if (typeof e !== "string") return null;
    if (!e.startsWith("./") && !e.startsWith("../") && !isAbsolute(e)) return null;
    const p = resolve(dirname(abs), e);
    return !existsSync(p) && existsSync(`${p}.json`) ? `${p}.json` : p;
  });
}

/** The package `extends` names, or `null` when its entry is not a string. */
function packageName(cfg: Record<string, unknown>): string | null {
  const ext = cfg.extends;
  const list = Array.isArray(ext) ? ext : [ext];
  const pkg = list.find(
    (e) => typeof e === "string" && !e.startsWith("./") && !e.startsWith("../") && !isAbsolute(e),
  );
  return typeof pkg === "string" ? pkg : null;
}

/** `compilerOptions.types` of a tsconfig, following relative `extends`. */
function typesOf(dir: string, abs: string, cfg: Record<string, unknown>, depth = 0): NodeTypes {
  const options = cfg.compilerOptions;
  if (options !== null && typeof options === "object" && "types" in options) {
    const types = (options as { types?: unknown }).types;
    if (Array.isArray(types) && types.every((t) => typeof t === "string"))
      return { kind: "listed", types: types as string[], from: rel(dir, abs) };
    return { kind: "unknown", why: "are not a list of names" };
  }
  const bases = extendsOf(abs, cfg);
  if (bases === null) return { kind: "unknown", why: "come from an `extends` that is not a path" };
  for (const base of bases) {
    if (base === null) {
      const pkg = packageName(cfg);
      return pkg === null
        ? { kind: "unknown", why: "come from an `extends` that is not a path" }
        : {
            kind: "unknown",
            why: `may come from \`${pkg}\` (in \`extends\`), which the doctor does not read`,
          };
    }
    if (depth >= MAX_EXTENDS)
      return { kind: "unknown", why: "come from too deep an `extends` chain" };
    const loaded = loadConfig(base);
    if (!loaded.ok)
      return { kind: "unknown", why: `come from \`${rel(dir, base)}\`, which ${loaded.why}` };
    const r = typesOf(dir, base, loaded.value, depth + 1);
    if (r.kind !== "absent") return r;
  }
  return { kind: "absent" };
}

/** The absolute `include` patterns and `files` of a tsconfig (inherited through `extends`). */
function selectionOf(
  abs: string,
  cfg: Record<string, unknown>,
  depth = 0,
): { include: string[] | null; files: string[] } | "absent" | null {
  const strings = (v: unknown) =>
    Array.isArray(v)
      ? v.filter((x): x is string => typeof x === "string").map((x) => resolve(dirname(abs), x))
      : null;
  if ("include" in cfg || "files" in cfg) {
    const include = strings(cfg.include);
    const files = strings(cfg.files);
    if (include === null && files === null) return null;
    return { include, files: files ?? [] };
  }
  const bases = extendsOf(abs, cfg);
  if (bases === null || depth >= MAX_EXTENDS) return null;
  for (const base of bases) {
    if (base === null) return null;
    const loaded = loadConfig(base);
    if (!loaded.ok) return null;
    const r = selectionOf(base, loaded.value, depth + 1);
    if (r !== "absent") return r;
  }
  return "absent";
}

/** Whether an absolute `include` pattern takes in files of the directory `target`. */
function patternCovers(pattern: string, target: string): boolean {
  const segments = pattern.split(/[\\/]/);
  const glob = segments.findIndex((s) => /[*?]/.test(s));
  if (glob < 0) return within(pattern, target);
  const literal = segments.slice(0, glob).join(sep) || sep;
  if (within(literal, target)) return true;
  return within(target, literal) && segments.slice(glob).includes("**");
}

const BASENAME_NEXT_ENV = /(?:^|[\\/])next-env\.d\.ts$/;

/**
 * The tsconfigs reached from the project's `tsconfig.json` (itself and its `references`, followed
 * recursively) that type-check `src/` or `app/`, leaving out any inside the functions dir.
 */
function browserConfigs(dir: string, functionsAbs: string, notes: string[]): BrowserConfig[] {
  const targets = [join(dir, "src"), join(dir, "app")].filter(isDir);
  const root = join(dir, "tsconfig.json");
  if (!existsSync(root)) {
    notes.push("no `tsconfig.json` at the project root: not checked");
    return [];
  }
  if (targets.length === 0) {
    notes.push("no `src/` or `app/` directory for a browser tsconfig to type-check: not checked");
    return [];
  }
  const out: BrowserConfig[] = [];
  const seen = new Set<string>();
  const queue: Array<{ abs: string; from: string | null }> = [{ abs: root, from: null }];
  while (queue.length > 0 && seen.size < 20) {
    const { abs, from } = queue.shift()!;
    if (seen.has(abs)) continue;
    seen.add(abs);
    const file = rel(dir, abs);
    if (from !== null && !existsSync(abs)) {
      notes.push(`\`${from}\` references \`${file}\`, which does not exist`);
      continue;
    }
    const loaded = loadConfig(abs);
    if (!loaded.ok) {
      notes.push(`\`${file}\` ${loaded.why}: not checked`);
      continue;
    }
    const cfg = loaded.value;
    if (!within(abs, functionsAbs)) {
      const sel = selectionOf(abs, cfg);
      const { include, files } =
        sel === "absent" ? { include: [join(dirname(abs), "**", "*")], files: [] } : (sel ?? {});
      const covered = targets.some(
        (t) =>
          (include ?? []).some((p) => patternCovers(p, t)) ||
          (files ?? []).some((f) => within(f, t)),
      );
      if (covered) {
        const nextEnv = [...(include ?? []), ...(files ?? [])].some((p) =>
          BASENAME_NEXT_ENV.test(p),
        );
        const viteConfig = ["vite.config.ts", "vite.config.mts"]
          .map((n) => join(dirname(abs), n))
          .find((f) => existsSync(f));
        const withViteConfig =
          viteConfig !== undefined &&
          (sel === "absent" ||
            [...(include ?? []), ...(files ?? [])].some((p) => resolve(p) === viteConfig));
        out.push({
          file,
          nodeTypes: nextEnv
            ? { kind: "next-env" }
            : withViteConfig
              ? { kind: "vite-config", file: rel(dir, viteConfig) }
              : typesOf(dir, abs, cfg),
        });
      }
    }
    const refs = Array.isArray(cfg.references) ? (cfg.references as unknown[]) : [];
    for (const r of refs) {
      const path = (r as { path?: unknown } | null)?.path;
      if (typeof path !== "string" || path === "") continue;
      const p = resolve(dirname(abs), path);
      queue.push({ abs: p.endsWith(".json") ? p : join(p, "tsconfig.json"), from: file });
    }
  }
  return out;
}

/**
 * Reads what `AUTH_CONFIG_PROCESS_UNTYPED` needs; `null` when there is nothing to check: no
 * `auth.config.ts` / `.mts` in the functions dir, or no module there imports it.
 */
export function readAuthConfigTypes(project: ProjectInfo): AuthConfigTypes | null {
  try {
    const functionsAbs = resolve(project.dir, project.functionsDir);
    const authAbs = ["auth.config.ts", "auth.config.mts"]
      .map((n) => join(functionsAbs, n))
      .find((p) => existsSync(p));
    if (!authAbs) return null;
    const read = readRegularFile(authAbs, SOURCE_FILE_MAX_BYTES);
    if (!read.ok) return null;
    const importer = findImporter(functionsAbs, authAbs);
    if (!importer) return null;
    const importerText = readRegularFile(importer, SOURCE_FILE_MAX_BYTES);
    const notes: string[] = [];
    return {
      file: rel(project.dir, authAbs),
      importer: rel(project.dir, importer),
      api: `${project.functionsDir}/_generated/api`,
      selfTyped: processTyping(read.text),
      importerSelfTyped: importerText.ok ? processTyping(importerText.text) : "no-process",
      typescript: typescriptVersion(project.dir),
      configs: browserConfigs(project.dir, functionsAbs, notes),
      notes,
    };
  } catch {
    // Reading is best effort: a check that cannot read the project says nothing.
    return null;
  }
}

// ── the check ─────────────────────────────────────────────────────────────────────────────

const SELF_TYPED: Record<SelfTyped, string> = {
  "no-process": "does not read `process`",
  declares: "declares `process`",
  references: "references Node's types",
};

/**
 * The "auth.config.ts in the app's type-check" section: `AUTH_CONFIG_PROCESS_UNTYPED` for each
 * browser tsconfig without Node's types; `null` when no module imports auth.config.ts.
 */
export function authConfigTypesSection(info: AuthConfigTypes | null): CheckSection | null {
  if (!info) return null;
  const s: CheckSection = {
    id: "auth-config-types",
    title: "auth.config.ts in the app's type-check",
    findings: [],
    facts: [
      `\`${info.importer}\` imports \`${info.file}\`, so programs importing \`${info.api}\` type-check it`,
    ],
  };
  let passed = 0;
  const ok = (file: string, config: string, why: string) => {
    s.facts.push(`\`${file}\` type-checks in \`${config}\` (${why})`);
    passed++;
  };
  // auth.config.ts, reached through its importer; and the importer itself, a function module.
  const files = [
    { file: info.file, importer: info.importer as string | null, selfTyped: info.selfTyped },
    { file: info.importer, importer: null, selfTyped: info.importerSelfTyped },
  ];
  for (const config of info.configs) {
    const types = config.nodeTypes;
    // Why Node's types are loaded in this config, or `null` when they are not.
    let typed: string | null = null;
    if (types.kind === "next-env") typed = "`next-env.d.ts` brings Node's types through `next`";
    else if (types.kind === "vite-config")
      typed = `it also type-checks \`${types.file}\`, and \`vite\`'s types bring Node's`;
    else if (types.kind === "unknown") {
      s.facts.push(`\`${config.file}\`: its \`types\` ${types.why}: not checked`);
      continue;
    } else if (
      types.kind === "listed" &&
      types.types.some((t) => t === "node" || t === "@types/node")
    )
      typed = `\`types\` in \`${types.from}\` includes \`node\``;
    else if (types.kind === "absent" && info.typescript === null) {
      s.facts.push(
        `\`${config.file}\` has no \`types\`, and no installed TypeScript says which \`@types\` it loads: not checked`,
      );
      continue;
    } else if (types.kind === "absent" && parseVersion(info.typescript!)![0] < 6)
      typed = `no \`types\`: TypeScript ${info.typescript} loads every installed \`@types/*\` package`;
    for (const f of files) {
      // A module that never reads `process` needs no line about it.
      if (f.importer === null && f.selfTyped === "no-process") continue;
      if (f.selfTyped) ok(f.file, config.file, SELF_TYPED[f.selfTyped]);
      else if (typed) ok(f.file, config.file, typed);
      else
        s.findings.push(
          finding(
            "AUTH_CONFIG_PROCESS_UNTYPED",
            {
              file: f.file,
              importer: f.importer,
              api: info.api,
              tsconfig: config.file,
              types: types.kind === "listed" ? types.types : null,
              typesFrom: types.kind === "listed" && types.from !== config.file ? types.from : null,
              typescript: info.typescript,
            },
            types.kind === "absent" ? "types-absent" : undefined,
          ),
        );
    }
  }
  if (info.configs.length === 0 && info.selfTyped) {
    s.facts.push(`\`${info.file}\` ${SELF_TYPED[info.selfTyped]}: it needs no Node types`);
    passed++;
  }
  s.facts.push(...info.notes);
  if (s.findings.length === 0 && passed === 0) s.skipped = true;
  return s;
}
