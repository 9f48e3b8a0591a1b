/**
 * Evaluates `convex/auth.config.ts` the way a Convex push does: bundled on its own, run with
 * the deployment's environment, failing on the first read of an env var the deployment does
 * not have ("Environment variable X is used in auth config file but its value was not set").
 *
 * The file is the project's own code, so it is not run in the doctor's process. The doctor's
 * own esbuild bundles it, reading every file itself (regular files only, size-capped) and
 * leaving packages external; the bundle then runs in a separate Node process confined by the
 * permission model (confined.ts), inside a `node:vm` context whose only `process` is `{ env }`,
 * a Proxy over the deployment env. docs/cli.md says what that confinement holds.
 */
import { statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Loader, Message, Plugin } from "esbuild";
import {
  AUTH_CONFIG_CHILD,
  type ChildFailure,
  type ChildRequest,
  type ChildResponse,
  type ChildRun,
} from "./authConfigChild.js";
import { runConfined, type ConfinedResult } from "./confined.js";
import { formatBytes, readRegularFile, SOURCE_FILE_MAX_BYTES } from "./files.js";
import {
  generatedStandInFor,
  STAND_IN_NAMESPACE,
  standInFor,
  standInSource,
  type StandInName,
} from "./standIns.js";

/** The marker an unknown env var evaluates to in symbolic mode, e.g. `${WORKOS_CLIENT_ID}`. */
export function envMarker(name: string): string {
  return `\${${name}}`;
}

/**
 * Whether a string contains the marker of one of `names` (the variables that evaluated to
 * markers). Only those count: a literal `"${CLIENT_ID}"` written in plain quotes in the config is
 * a real bug, not a marker.
 */
export function hasEnvMarker(value: unknown, names: readonly string[]): boolean {
  return typeof value === "string" && names.some((n) => value.includes(envMarker(n)));
}

/** The outcome of evaluating the auth config. */
export type AuthConfigResult =
  | {
      status: "ok";
      /** The default export's `providers` (any shape; lint judges it). */
      providers: unknown;
      /** Env var names the config read, in order. */
      envReads: string[];
      /** Names read that the env did not define (only in symbolic mode; then values are markers). */
      unknownReads: string[];
      symbolic: boolean;
      /** Packages (and missing generated files) evaluated through the doctor's stand-ins. */
      standIns: StandInName[];
    }
  | {
      /** The deployment env lacks a variable the config reads: Convex refuses the push. */
      status: "env-unset";
      /** Every unset name the config reads, the first one (Convex's error) first. */
      unsetNames: string[];
      envReads: string[];
      /** Providers evaluated with `${NAME}` markers for the unset names, for linting. */
      providers: unknown;
      /** Packages (and missing generated files) evaluated through the doctor's stand-ins. */
      standIns: StandInName[];
    }
  | { status: "error"; stage: "compile" | "evaluate" | "export"; detail: string };

/** Options of {@link evaluateAuthConfig}. */
export interface EvaluateOptions {
  /** The project directory (paths in compile errors are relative to it). */
  projectDir: string;
  /** The deployment env, or `null` when it is unknown (then reads become `${NAME}` markers). */
  deploymentEnv: Record<string, string> | null;
  /** Time limit for running the file (its code and its promise callbacks), in ms. Default 2000. */
  timeoutMs?: number;
}

/** JavaScript heap of the evaluating process (`--max-old-space-size`), in MiB. */
export const EVALUATION_HEAP_MB = 64;
/** Resident memory above which the evaluating process is killed (Linux), in MiB. */
export const EVALUATION_RSS_MB = 256;
/** What the evaluating process may print (the JSON of the evaluated providers). */
export const EVALUATION_OUTPUT_MAX_BYTES = 4 * 1024 * 1024;
/** Time allowed for starting Node, on top of the evaluation's own limits. */
const STARTUP_ALLOWANCE_MS = 3000;

/** The wall-clock limit of the evaluating process for a given `timeoutMs`. */
export function evaluationWallClockMs(timeoutMs: number): number {
  // Up to two runs (strict, then symbolic to list every unset name), each within `timeoutMs`.
  return 2 * timeoutMs + STARTUP_ALLOWANCE_MS;
}

/**
 * Compiles and evaluates the auth config file. Never throws: every failure is a result.
 * @example await evaluateAuthConfig("/app/convex/auth.config.ts", { projectDir: "/app", deploymentEnv: { WORKOS_CLIENT_ID: "client_…" } })
 */
export async function evaluateAuthConfig(
  file: string,
  options: EvaluateOptions,
): Promise<AuthConfigResult> {
  const compiled = await compile(file, options.projectDir);
  if (!compiled.ok) return { status: "error", stage: "compile", detail: compiled.detail };
  const timeoutMs = options.timeoutMs ?? 2000;
  const request: ChildRequest = {
    code: compiled.code,
    file,
    env: options.deploymentEnv,
    timeoutMs,
  };
  const wallClockMs = evaluationWallClockMs(timeoutMs);
  const outcome = await runConfined(AUTH_CONFIG_CHILD, JSON.stringify(request), {
    timeoutMs: wallClockMs,
    heapMb: EVALUATION_HEAP_MB,
    rssMb: EVALUATION_RSS_MB,
    maxOutputBytes: EVALUATION_OUTPUT_MAX_BYTES,
  });
  const runs = childRuns(outcome, wallClockMs);
  if (!Array.isArray(runs)) return runs;
  const [first, second] = runs as [ChildRun, ChildRun | undefined];
  const standIns = compiled.standIns;
  if (options.deploymentEnv === null) {
    return first.ok ? evaluated(first, true, standIns) : failed(first.failure, timeoutMs);
  }
  if (first.unset.length === 0) {
    return first.ok ? evaluated(first, false, standIns) : failed(first.failure, timeoutMs);
  }
  const loose = second ?? first;
  return {
    status: "env-unset",
    unsetNames: [...new Set([...first.unset, ...loose.unset])],
    envReads: loose.reads,
    providers: loose.ok ? loose.providers : null,
    standIns,
  };
}

type Failed = Extract<AuthConfigResult, { status: "error" }>;

/** An evaluation that produced providers; `symbolic`: unknown env vars became `${NAME}` markers. */
function evaluated(
  run: Extract<ChildRun, { ok: true }>,
  symbolic: boolean,
  standIns: StandInName[],
): AuthConfigResult {
  return {
    status: "ok",
    providers: run.providers,
    envReads: run.reads,
    unknownReads: symbolic ? run.unset : [],
    symbolic,
    standIns,
  };
}

function failed(f: ChildFailure, timeoutMs: number): Failed {
  const evaluate = (detail: string): Failed => ({ status: "error", stage: "evaluate", detail });
  const exported = (detail: string): Failed => ({ status: "error", stage: "export", detail });
  switch (f.kind) {
    case "env-unset":
      return evaluate(
        `Environment variable ${f.variable} is used in auth config file but its value was not set.`,
      );
    case "import":
      return evaluate(
        `it imports "${f.name}" at run time; the doctor evaluates auth.config on its own and cannot load packages (type-only imports are fine, and \`convex/*\` and \`@convex-dev/workos-authkit\` are evaluated through stand-ins)`,
      );
    case "timeout":
      return evaluate(`it did not finish within ${timeoutMs} ms`);
    case "threw":
      return evaluate(`it threw ${f.text}`);
    case "export-threw":
      return exported(`reading its default export threw ${f.text}`);
    case "export-missing":
      return exported(
        "it has no default export (Convex expects `export default { providers: [...] }`)",
      );
    case "export-promise":
      return exported("its default export is a Promise; Convex expects a plain object");
    case "export-not-object":
      return exported(`its default export is ${f.what}, not an object with \`providers\``);
  }
}

/** The child's runs, or the error that stands for a child that gave none. */
function childRuns(outcome: ConfinedResult, wallClockMs: number): ChildRun[] | Failed {
  const evaluate = (detail: string): Failed => ({ status: "error", stage: "evaluate", detail });
  switch (outcome.kind) {
    case "unavailable":
      return evaluate(`it was not run: ${outcome.reason}`);
    case "timeout":
      return evaluate(
        `it did not finish within ${wallClockMs} ms, so the process running it was stopped`,
      );
    case "out-of-memory":
      return evaluate(
        outcome.limit === "heap"
          ? `it ran out of memory (the doctor gives it ${EVALUATION_HEAP_MB} MiB of JavaScript heap)`
          : `it used more than ${EVALUATION_RSS_MB} MiB of memory, so the process running it was stopped`,
      );
    case "output-too-large":
      return {
        status: "error",
        stage: "export",
        detail: `its default export is larger than the ${formatBytes(EVALUATION_OUTPUT_MAX_BYTES)} the doctor reads`,
      };
    case "exited": {
      const runs = parseResponse(outcome.stdout);
      if (runs) return runs;
      const why = outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.code}`;
      const line = outcome.stderr
        .split("\n")
        .map((l) => l.trim())
        .find((l) => /error/i.test(l));
      return evaluate(
        `the process running it ended without a result (${why}${line ? `: ${line.slice(0, 200)}` : ""})`,
      );
    }
  }
}

const FAILURE_KINDS = new Set<string>([
  "env-unset",
  "import",
  "timeout",
  "threw",
  "export-threw",
  "export-missing",
  "export-promise",
  "export-not-object",
]);

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

// The child ran project code that may have tampered with what it prints; accept only the shape.
function parseResponse(stdout: string): ChildRun[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return null;
  }
  const runs = (doc as Partial<ChildResponse> | null)?.runs;
  if (!Array.isArray(runs) || runs.length < 1 || runs.length > 2) return null;
  for (const r of runs as unknown[]) {
    const run = r as Partial<Record<string, unknown>> | null;
    if (!run || !isStrings(run.reads) || !isStrings(run.unset)) return null;
    if (run.ok === true) continue;
    const f = run.failure as Partial<Record<string, unknown>> | null | undefined;
    if (run.ok !== false || !f || typeof f.kind !== "string" || !FAILURE_KINDS.has(f.kind))
      return null;
    for (const key of ["variable", "name", "text", "what"])
      if (key in f && typeof f[key] !== "string") return null;
  }
  return runs as ChildRun[];
}

type Compiled = { ok: true; code: string; standIns: StandInName[] } | { ok: false; detail: string };

const NAMESPACE = "doctor-source";
const LOADERS: Record<string, Loader> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
  ".json": "json",
};
// esbuild's default resolve extensions, without CSS.
const EXTENSIONS = [".tsx", ".ts", ".jsx", ".js", ".json"];
// `import "./x.js"` finds `x.ts`, as esbuild and TypeScript allow.
const TS_FOR_JS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".ts", ".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

function kindAt(path: string): "dir" | "other" | null {
  try {
    return statSync(path).isDirectory() ? "dir" : "other";
  } catch {
    return null;
  }
}

/**
 * Resolves a relative or absolute import the way esbuild would, without letting esbuild touch
 * the file system: anything that exists and is not a directory is returned, and the loader
 * then refuses what is not a regular file.
 */
function resolveSource(base: string): string | null {
  const at = kindAt(base);
  if (at === "other") return base;
  for (const ext of EXTENSIONS) if (kindAt(base + ext) === "other") return base + ext;
  const ext = extname(base);
  for (const alt of TS_FOR_JS[ext] ?? []) {
    const candidate = base.slice(0, -ext.length) + alt;
    if (kindAt(candidate) === "other") return candidate;
  }
  if (at === "dir")
    for (const e of EXTENSIONS) {
      const index = join(base, `index${e}`);
      if (kindAt(index) === "other") return index;
    }
  return null;
}

function relPath(projectDir: string, file: string): string {
  const r = relative(projectDir, file);
  return (r.startsWith("..") || isAbsolute(r) ? file : r).split(sep).join("/");
}

/**
 * Every file goes through this plugin: esbuild's own resolver would read `package.json` files
 * up the tree and its loader any file, FIFOs and devices included.
 */
function projectSources(entry: string, projectDir: string, standIns: Set<StandInName>): Plugin {
  const standIn = (name: StandInName) => {
    standIns.add(name);
    return { path: name, namespace: STAND_IN_NAMESPACE };
  };
  return {
    name: "doctor-project-sources",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: entry, namespace: NAMESPACE };
        if (!args.path.startsWith(".") && !isAbsolute(args.path)) {
          const name = standInFor(args.path);
          if (name) return standIn(name);
          // Other packages stay external; the evaluation's `require` explains that it cannot load them.
          return { path: args.path, external: true };
        }
        const found = resolveSource(resolve(args.resolveDir, args.path));
        if (found === null) {
          const generated = generatedStandInFor(args.path);
          if (generated) return standIn(generated);
          return { errors: [{ text: `Could not resolve "${args.path}"` }] };
        }
        return { path: found, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: STAND_IN_NAMESPACE }, (args) => ({
        contents: standInSource(args.path as StandInName),
        loader: "js",
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const read = readRegularFile(args.path, SOURCE_FILE_MAX_BYTES);
        if (!read.ok)
          return { errors: [{ text: `${relPath(projectDir, args.path)} ${read.reason}` }] };
        return {
          contents: read.text,
          loader: LOADERS[extname(args.path)] ?? "default",
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

async function compile(file: string, projectDir: string): Promise<Compiled> {
  let esbuild: typeof import("esbuild");
  try {
    // The doctor's own esbuild: one from the project would run the project's code in here.
    esbuild = await import("esbuild");
  } catch (e) {
    return {
      ok: false,
      detail: `esbuild could not be loaded (${e instanceof Error ? e.message : String(e)}); reinstall convex-authkit-diagnostics`,
    };
  }
  const standIns = new Set<StandInName>();
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: projectDir,
      bundle: true,
      write: false,
      format: "cjs",
      // Convex bundles auth.config for its browser-like isolate.
      platform: "browser",
      target: "es2022",
      plugins: [projectSources(file, projectDir, standIns)],
      logLevel: "silent",
      // Ignore the project's tsconfig: a missing `extends` package must not stop the doctor.
      tsconfigRaw: "{}",
    });
    const text = result.outputFiles[0]?.text;
    if (typeof text !== "string") return { ok: false, detail: "esbuild produced no output" };
    return { ok: true, code: text, standIns: [...standIns].sort() };
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      return {
        ok: false,
        detail: errors
          .slice(0, 3)
          .map((m) => formatMessage(m, projectDir))
          .join("; "),
      };
    }
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

function formatMessage(m: Message, projectDir: string): string {
  const loc = m.location;
  if (!loc) return m.text;
  const path = loc.file.startsWith(`${NAMESPACE}:`)
    ? loc.file.slice(NAMESPACE.length + 1)
    : loc.file;
  const file = path ? relPath(projectDir, path) : "";
  return `${m.text} (${file}:${loc.line}:${loc.column + 1})`;
}
