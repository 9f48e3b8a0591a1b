/**
 * The program that evaluates a compiled auth config inside the confined process (see
 * confined.ts). It is plain CommonJS run with `node -e`, so it needs no file to be readable;
 * the request (compiled code, env, time limit) arrives as JSON on stdin and the outcome leaves
 * as JSON on stdout. Wording lives in authConfig.ts; this side only reports what happened.
 */

/** What the child reads from stdin. */
export interface ChildRequest {
  code: string;
  file: string;
  /** The deployment env, or `null` when unknown (every read becomes a `${NAME}` marker). */
  env: Record<string, string> | null;
  timeoutMs: number;
}

/** Why one evaluation failed, as the child saw it. */
export type ChildFailure =
  | { kind: "env-unset"; variable: string }
  | { kind: "import"; name: string }
  | { kind: "timeout" }
  | { kind: "threw"; text: string }
  | { kind: "export-threw"; text: string }
  | { kind: "export-missing" }
  | { kind: "export-promise" }
  | { kind: "export-not-object"; what: string };

/** One evaluation: strict (deployment env known) or symbolic (unset reads become markers). */
export type ChildRun =
  | { ok: true; providers: unknown; reads: string[]; unset: string[] }
  | { ok: false; failure: ChildFailure; reads: string[]; unset: string[] };

/** What the child writes to stdout: one run, or a strict run then a symbolic one. */
export interface ChildResponse {
  runs: ChildRun[];
}

export const AUTH_CONFIG_CHILD = String.raw`"use strict";
const fs = require("node:fs");
const vm = require("node:vm");
const reallyExit = process.reallyExit.bind(process);

function pause() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}
function readStdin() {
  const chunks = [];
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if (e && e.code === "EAGAIN") { pause(); continue; }
      if (e && e.code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}
function writeStdout(text) {
  const data = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(1, data, offset, data.length - offset);
    } catch (e) {
      if (e && e.code === "EAGAIN") { pause(); continue; }
      throw e;
    }
  }
}

const request = JSON.parse(readStdin());

// Code that escapes the vm context lands in this process. The permission model already stops
// file access, child processes and workers; signals it never restricts and the network only
// from Node 25, so what reaches them goes before the config runs.
for (const name of ["kill", "_kill", "binding", "_linkedBinding", "dlopen", "getBuiltinModule",
  "_debugProcess", "_debugEnd", "stdin", "stdout", "stderr", "openStdin"]) {
  try { delete process[name]; } catch {}
}
for (const name of ["require", "module", "exports", "fetch", "WebSocket", "EventSource",
  "navigator"]) {
  try { delete globalThis[name]; } catch {}
}

class EnvUnsetError extends Error {
  constructor(variable) { super(variable); this.variable = variable; }
}
class ImportError extends Error {
  constructor(name) { super(name); this.importName = name; }
}

function errorText(e) {
  if (e && typeof e === "object" && "message" in e) {
    const name = e.name;
    const message = String(e.message);
    return typeof name === "string" && name !== "Error" ? name + ": " + message : message;
  }
  return String(e);
}

const EXPORT_READER = "(function () {" +
  "var m = module.exports;" +
  "if (!m || typeof m !== 'object' || !('default' in m)) return { missing: true };" +
  "var d = m.default;" +
  "if (d && typeof d.then === 'function') return { promise: true };" +
  "return { value: JSON.stringify(d === undefined ? null : d, function (k, v) { return typeof v === 'function' ? undefined : v; }) };" +
  "})()";

function execute(symbolic, values) {
  const reads = [];
  const unset = [];
  const own = (prop) => Object.prototype.hasOwnProperty.call(values, prop);
  const env = new Proxy(Object.create(null), {
    get(_t, prop) {
      if (typeof prop !== "string") return undefined;
      if (!reads.includes(prop)) reads.push(prop);
      if (own(prop)) return values[prop];
      if (!unset.includes(prop)) unset.push(prop);
      if (!symbolic) throw new EnvUnsetError(prop);
      return "$" + "{" + prop + "}";
    },
    has(_t, prop) {
      return typeof prop === "string" && own(prop);
    },
    ownKeys() {
      return Object.keys(values);
    },
    getOwnPropertyDescriptor(_t, prop) {
      if (typeof prop !== "string" || !own(prop)) return undefined;
      return { value: values[prop], enumerable: true, configurable: true, writable: false };
    },
    set() {
      return false;
    },
  });
  const module = { exports: {} };
  const require = (name) => { throw new ImportError(String(name)); };
  const quiet = () => undefined;
  // Promise callbacks run inside the time limit too, so an endless async loop is caught.
  const context = vm.createContext(
    {
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
    },
    { microtaskMode: "afterEvaluate" },
  );
  const fail = (failure) => ({ ok: false, failure, reads, unset });
  try {
    vm.runInContext(
      "(function (module, exports, require) {\n" + request.code + "\n})(module, exports, require);",
      context,
      { filename: request.file, timeout: request.timeoutMs },
    );
  } catch (e) {
    if (e instanceof EnvUnsetError) return fail({ kind: "env-unset", variable: e.variable });
    if (e instanceof ImportError) return fail({ kind: "import", name: e.importName });
    if (e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return fail({ kind: "timeout" });
    return fail({ kind: "threw", text: errorText(e) });
  }
  let out;
  try {
    out = vm.runInContext(EXPORT_READER, context, { timeout: request.timeoutMs });
  } catch (e) {
    if (e instanceof EnvUnsetError) return fail({ kind: "env-unset", variable: e.variable });
    return fail({ kind: "export-threw", text: errorText(e) });
  }
  if (out.missing) return fail({ kind: "export-missing" });
  if (out.promise) return fail({ kind: "export-promise" });
  const parsed = JSON.parse(out.value === undefined ? "null" : out.value);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return fail({
      kind: "export-not-object",
      what: parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed,
    });
  return { ok: true, providers: parsed.providers, reads, unset };
}

const runs = [];
if (request.env === null) runs.push(execute(true, {}));
else {
  const strict = execute(false, request.env);
  runs.push(strict);
  // Convex stops at the first unset read; a symbolic run lists every missing name.
  if (strict.unset.length > 0) runs.push(execute(true, request.env));
}
writeStdout(JSON.stringify({ runs }));
reallyExit(0);
`;
