/**
 * Evaluates `convex/auth.config.ts` the way a Convex push does: bundled on its own, run with
 * the deployment's environment, failing on the first read of an env var the deployment does
 * not have ("Environment variable X is used in auth config file but its value was not set").
 *
 * Compilation uses esbuild (the `convex` package depends on it, so every Convex project has
 * it; we look in the project first, then next to this package), falling back to TypeScript's
 * `transpileModule`. The result runs in a `node:vm` context whose only `process` is
 * `{ env }`, a Proxy over the deployment env; it is not a security boundary (it runs the
 * project's own file) but keeps the doctor's own environment out of the evaluation.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

/** How an env var that the deployment env does not define is treated while evaluating. */
type Mode =
  /** Throw like Convex (the deployment env is known). */
  | { kind: "deployment"; env: Record<string, string> }
  /** Return a `${NAME}` marker (the deployment env is unknown, or to list every unset name). */
  | { kind: "symbolic"; env: Record<string, string> };

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
    }
  | {
      /** The deployment env lacks a variable the config reads: Convex refuses the push. */
      status: "env-unset";
      /** Every unset name the config reads, the first one (Convex's error) first. */
      unsetNames: string[];
      envReads: string[];
      /** Providers evaluated with `${NAME}` markers for the unset names, for linting. */
      providers: unknown;
    }
  | { status: "error"; stage: "compile" | "evaluate" | "export"; detail: string };

/** Options of {@link evaluateAuthConfig}. */
export interface EvaluateOptions {
  /** The project directory (esbuild is looked up from here first). */
  projectDir: string;
  /** The deployment env, or `null` when it is unknown (then reads become `${NAME}` markers). */
  deploymentEnv: Record<string, string> | null;
  /** Time limit for running the file, in ms. Default 2000. */
  timeoutMs?: number;
}

class EnvUnsetError extends Error {
  constructor(readonly variable: string) {
    super(
      `Environment variable ${variable} is used in auth config file but its value was not set.`,
    );
  }
}

class ImportNotSupportedError extends Error {}

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
  if (options.deploymentEnv === null) {
    const r = execute(compiled.code, file, { kind: "symbolic", env: {} }, timeoutMs);
    if (!r.ok) return { status: "error", stage: r.stage, detail: r.detail };
    return {
      status: "ok",
      providers: r.providers,
      envReads: r.reads,
      unknownReads: r.unset,
      symbolic: true,
    };
  }
  const strict = execute(
    compiled.code,
    file,
    { kind: "deployment", env: options.deploymentEnv },
    timeoutMs,
  );
  if (strict.ok && strict.unset.length === 0) {
    return {
      status: "ok",
      providers: strict.providers,
      envReads: strict.reads,
      unknownReads: [],
      symbolic: false,
    };
  }
  if (!strict.ok && strict.unset.length === 0)
    return { status: "error", stage: strict.stage, detail: strict.detail };
  // Convex stops at the first unset read; run again with markers to list every missing name.
  const loose = execute(
    compiled.code,
    file,
    { kind: "symbolic", env: options.deploymentEnv },
    timeoutMs,
  );
  const unsetNames = [...new Set([...strict.unset, ...loose.unset])];
  return {
    status: "env-unset",
    unsetNames,
    envReads: loose.reads,
    providers: loose.ok ? loose.providers : null,
  };
}

type Compiled = { ok: true; code: string } | { ok: false; detail: string };

interface EsbuildMessage {
  text: string;
  location?: { file?: string; line?: number; column?: number } | null;
}
interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: { text: string }[] }>;
}
interface TypeScriptLike {
  transpileModule(
    src: string,
    options: Record<string, unknown>,
  ): { outputText: string; diagnostics?: { messageText: unknown; start?: number }[] };
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
}

async function importFrom(projectDir: string, name: string): Promise<unknown> {
  const candidates: (() => string)[] = [
    () => createRequire(join(projectDir, "package.json")).resolve(name),
    () => createRequire(import.meta.url).resolve(name),
  ];
  for (const resolveIt of candidates) {
    let path: string;
    try {
      path = resolveIt();
    } catch {
      continue;
    }
    try {
      const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      return mod.default && typeof mod.default === "object"
        ? { ...(mod.default as object), ...mod }
        : mod;
    } catch {
      continue;
    }
  }
  return null;
}

async function compile(file: string, projectDir: string): Promise<Compiled> {
  const esbuild = (await importFrom(projectDir, "esbuild")) as EsbuildLike | null;
  if (esbuild && typeof esbuild.build === "function") {
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
        // Packages stay external (the vm's `require` explains they cannot load); a plugin rather
        // than `packages: "external"` works with every esbuild a project may have.
        plugins: [
          {
            name: "doctor-external-packages",
            setup(b: {
              onResolve(
                o: { filter: RegExp },
                cb: (a: { path: string }) => { path: string; external: boolean },
              ): void;
            }) {
              b.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true }));
            },
          },
        ],
        logLevel: "silent",
        // Ignore the project's tsconfig: a missing `extends` package must not stop the doctor.
        tsconfigRaw: "{}",
      });
      const text = result.outputFiles?.[0]?.text;
      if (typeof text !== "string") return { ok: false, detail: "esbuild produced no output" };
      return { ok: true, code: text };
    } catch (e) {
      const errors = (e as { errors?: EsbuildMessage[] }).errors;
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
  const ts = (await importFrom(projectDir, "typescript")) as TypeScriptLike | null;
  if (ts && typeof ts.transpileModule === "function") {
    let src: string;
    try {
      src = readFileSync(file, "utf8");
    } catch (e) {
      return { ok: false, detail: e instanceof Error ? e.message : String(e) };
    }
    const out = ts.transpileModule(src, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      reportDiagnostics: true,
      fileName: file,
    });
    const diag = out.diagnostics?.[0];
    if (diag) {
      const text =
        typeof diag.messageText === "string"
          ? diag.messageText
          : String((diag.messageText as { messageText?: unknown }).messageText);
      return {
        ok: false,
        detail: `${text}${diag.start !== undefined ? ` (${lineCol(src, diag.start)})` : ""}`,
      };
    }
    return { ok: true, code: out.outputText };
  }
  return {
    ok: false,
    detail:
      "neither esbuild nor typescript could be loaded to compile it (install the project's dependencies with `npm install`)",
  };
}

function formatMessage(m: EsbuildMessage, projectDir: string): string {
  const loc = m.location;
  if (!loc) return m.text;
  const file = loc.file ? loc.file.replace(projectDir + "/", "") : "";
  return `${m.text} (${file}${loc.line !== undefined ? `:${loc.line}` : ""}${loc.column !== undefined ? `:${loc.column + 1}` : ""})`;
}

function lineCol(src: string, offset: number): string {
  const before = src.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

type Executed =
  | { ok: true; providers: unknown; reads: string[]; unset: string[] }
  | { ok: false; stage: "evaluate" | "export"; detail: string; reads: string[]; unset: string[] };

function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) {
    const name = (e as { name?: unknown }).name;
    const message = String((e as { message: unknown }).message);
    return typeof name === "string" && name !== "Error" ? `${name}: ${message}` : message;
  }
  return String(e);
}

function execute(code: string, file: string, mode: Mode, timeoutMs: number): Executed {
  const reads: string[] = [];
  const unset: string[] = [];
  const env = new Proxy(Object.create(null) as Record<string, string>, {
    get(_t, prop) {
      if (typeof prop !== "string") return undefined;
      if (!reads.includes(prop)) reads.push(prop);
      if (Object.prototype.hasOwnProperty.call(mode.env, prop)) return mode.env[prop];
      if (!unset.includes(prop)) unset.push(prop);
      if (mode.kind === "deployment") throw new EnvUnsetError(prop);
      return envMarker(prop);
    },
    has(_t, prop) {
      return typeof prop === "string" && Object.prototype.hasOwnProperty.call(mode.env, prop);
    },
    ownKeys() {
      return Object.keys(mode.env);
    },
    getOwnPropertyDescriptor(_t, prop) {
      if (typeof prop !== "string" || !Object.prototype.hasOwnProperty.call(mode.env, prop))
        return undefined;
      return { value: mode.env[prop], enumerable: true, configurable: true, writable: false };
    },
    set() {
      return false;
    },
  });
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    throw new ImportNotSupportedError(
      `it imports "${name}" at run time; the doctor evaluates auth.config on its own and cannot load packages (type-only imports such as \`import type { AuthConfig } from "convex/server"\` are fine)`,
    );
  };
  const quiet = () => undefined;
  const context = vm.createContext({
    module,
    exports: module.exports,
    require,
    process: { env },
    console: { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet },
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
  });
  const fail = (stage: "evaluate" | "export", detail: string): Executed => ({
    ok: false,
    stage,
    detail,
    reads,
    unset,
  });
  try {
    vm.runInContext(
      `(function (module, exports, require) {\n${code}\n})(module, exports, require);`,
      context,
      {
        filename: file,
        timeout: timeoutMs,
      },
    );
  } catch (e) {
    if (e instanceof EnvUnsetError) return fail("evaluate", e.message);
    if (e instanceof ImportNotSupportedError) return fail("evaluate", e.message);
    if ((e as { code?: unknown })?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT")
      return fail("evaluate", `it did not finish within ${timeoutMs} ms`);
    return fail("evaluate", `it threw ${errorText(e)}`);
  }
  let json: unknown;
  try {
    json = vm.runInContext(
      `(function () {
        var m = module.exports;
        if (!m || typeof m !== "object" || !("default" in m)) return { missing: true };
        var d = m.default;
        if (d && typeof d.then === "function") return { promise: true };
        return { value: JSON.stringify(d === undefined ? null : d, function (k, v) { return typeof v === "function" ? undefined : v; }) };
      })()`,
      context,
      { timeout: timeoutMs },
    );
  } catch (e) {
    if (e instanceof EnvUnsetError) return fail("evaluate", e.message);
    return fail("export", `reading its default export threw ${errorText(e)}`);
  }
  const out = json as { missing?: boolean; promise?: boolean; value?: string };
  if (out.missing)
    return fail(
      "export",
      "it has no default export (Convex expects `export default { providers: [...] }`)",
    );
  if (out.promise)
    return fail("export", "its default export is a Promise; Convex expects a plain object");
  const parsed = JSON.parse(out.value ?? "null") as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return fail(
      "export",
      `its default export is ${parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed}, not an object with \`providers\``,
    );
  }
  return { ok: true, providers: (parsed as Record<string, unknown>).providers, reads, unset };
}
