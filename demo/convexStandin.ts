/**
 * A local stand-in for a Convex deployment that the unmodified `ConvexReactClient` and
 * `ConvexHttpClient` talk to: the sync protocol over a real WebSocket (`/api/<version>/sync`)
 * and `POST /api/query|mutation|action` over HTTP. Functions run in convex-test; tokens are
 * judged by `checkToken` from `src/core` against the providers of an `auth.config.ts`
 * evaluated by the doctor's `evaluateAuthConfig` with the stand-in's own deployment
 * environment, so a wrong or missing
 * `WORKOS_CLIENT_ID`, or a providers list that was never pushed, behave as on a real deployment.
 *
 * Demo code, also driven by the e2e tests: it is not part of the published package.
 *
 * @example
 * const issuer = await startWorkosIssuer();
 * const convex = await startConvexStandin({ backend, env: { WORKOS_CLIENT_ID: issuer.clientId }, workos: issuer });
 * const client = new ConvexReactClient(convex.url, { webSocketConstructor: WebSocket });
 */
import { encodeTs } from "./syncProtocol.js";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { makeFunctionReference, type GenericSchema, type SchemaDefinition } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { convexTest } from "convex-test";
import { WebSocketServer, type WebSocket } from "ws";
import {
  checkToken,
  createDocumentCache,
  decodeToken,
  type DocumentCache,
  type FetchLike,
  type PredictedIdentity,
  type TokenCheck,
} from "../src/core/index.js";
import { evaluateAuthConfig, type AuthConfigResult } from "../src/cli/authConfig.js";

/** The deployment's environment variables (unset = `undefined` or absent). */
export type DeploymentEnv = Record<string, string | undefined>;

/** The Convex functions the stand-in runs. */
export interface StandinBackend {
  /** A label for logs. */
  name: string;
  /** The app's schema; `undefined` for an app without `schema.ts`. */
  schema?: SchemaDefinition<GenericSchema, boolean>;
  /** An `import.meta.glob`-shaped map of the functions directory; one key must contain `_generated`. */
  modules: Record<string, () => Promise<unknown>>;
  /** Registers components on the convex-test instance (e.g. `register(t)` from the package's `/test`). */
  setup?: (t: ReturnType<typeof convexTest>) => void;
  /** The `auth.config.ts` to evaluate with the deployment env. */
  authConfigPath: string;
  /**
   * Called after every push with the providers Convex now holds, so functions that import
   * `auth.config.ts` (as `authDiagnostics.ts` does) see the same list: a real push bundles the
   * config with the functions, and a push that never happened leaves both stale.
   */
  deploy?: (providers: unknown[]) => void | Promise<void>;
}

/** What a (re)configuration of the deployment changes. */
export interface DeploymentSettings {
  /** The deployment's environment variables (`npx convex env set`). */
  env: DeploymentEnv;
  /** Evaluate this auth config instead of the backend's (e.g. the older docs' config). */
  authConfigPath?: string;
  /**
   * The providers Convex actually has, when they differ from the code: the config was edited
   * but never pushed. `undefined` = the evaluated config was pushed.
   */
  deployedProviders?: unknown[];
  /** Predict production (redacted) error texts. */
  redactErrors?: boolean;
}

/** Something that answers `https://api.workos.com/…` requests (the local issuer). */
export interface WorkosRouter {
  handleWorkosUrl(url: string, init?: RequestInit): Promise<Response>;
}

export interface StartStandinOptions extends DeploymentSettings {
  backend: StandinBackend;
  /** Requests for `https://api.workos.com/…` (JWKS) go here instead of the network. */
  workos?: WorkosRouter;
  port?: number;
  hostname?: string;
  /** Extra routes under `/_demo/` (the demo's scenario switch). */
  control?: (
    method: string,
    path: string,
    body: string,
  ) => Promise<{ status: number; body: unknown } | null>;
}

/** One auth decision, for assertions and the demo's log. Holds no token. */
export interface AuthDecision {
  transport: "websocket" | "http";
  verdict: TokenCheck["verdict"];
  code: TokenCheck["code"];
  convexMessage: string | null;
  subject: string | null;
}

export interface ConvexStandin {
  /** The deployment URL to give `ConvexReactClient`: `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The providers Convex holds right now (what tokens are judged against). */
  readonly providers: unknown[];
  /** The last push error (e.g. an unset env var in auth.config.ts), or null. */
  readonly pushError: string | null;
  readonly settings: Readonly<DeploymentSettings>;
  /**
   * Re-evaluates the auth config ("push") with new settings; open sockets keep their identity.
   * Tokens and function calls that arrive after the call are served by this push.
   */
  configure(settings: Partial<DeploymentSettings>): Promise<AuthConfigResult>;
  /** Auth decisions so far (newest last, at most 200). */
  readonly decisions: AuthDecision[];
  /** Open sync connections. */
  readonly connectionCount: number;
  /** Closes every sync socket (clients reconnect), e.g. after switching scenarios. */
  dropConnections(): void;
  close(): Promise<void>;
}

// ---------- fetch rerouting (so functions and checkToken reach the local issuer) ----------

const WORKOS_ORIGIN = "https://api.workos.com";
const routers = new Set<WorkosRouter>();
let originalFetch: typeof fetch | null = null;

function isLoopbackOrigin(origin: string): boolean {
  try {
    const { protocol, hostname } = new URL(origin);
    return (
      (protocol === "http:" || protocol === "https:") &&
      ["localhost", "127.0.0.1", "[::1]"].includes(hostname)
    );
  } catch {
    return false;
  }
}

function installFetchRouting(router: WorkosRouter): void {
  routers.add(router);
  if (originalFetch !== null) return;
  originalFetch = globalThis.fetch;
  const passthrough = originalFetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const first = routers.values().next();
    if (!first.done && url.startsWith(`${WORKOS_ORIGIN}/`))
      return first.value.handleWorkosUrl(url, init);
    return passthrough(input, init);
  }) as typeof fetch;
}

function removeFetchRouting(router: WorkosRouter): void {
  routers.delete(router);
  if (routers.size === 0 && originalFetch !== null) {
    globalThis.fetch = originalFetch;
    originalFetch = null;
  }
}

// ---------- pushing auth.config.ts ----------

// The config is compiled with this project's dependencies (esbuild), like the doctor does.
const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

function definedEnv(env: DeploymentEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** What `npx convex dev` reports for a push of this config, or null when it succeeds. */
function pushErrorOf(result: AuthConfigResult, file: string): string | null {
  switch (result.status) {
    case "ok":
      return Array.isArray(result.providers)
        ? null
        : `${basename(file)} has no default export with a \`providers\` array`;
    case "env-unset":
      return `Environment variable ${result.unsetNames[0]} is used in auth config file but its value was not set`;
    case "error":
      return `${basename(file)} could not be ${result.stage === "compile" ? "compiled" : "evaluated"}: ${result.detail}`;
  }
}

// ---------- running functions with the deployment env ----------

// process.env is one per process: function runs of all stand-ins in it take turns.
let envLock: Promise<void> = Promise.resolve();
async function withDeploymentEnv<T>(env: DeploymentEnv, run: () => Promise<T>): Promise<T> {
  const previous = envLock;
  let release!: () => void;
  envLock = new Promise<void>((r) => (release = r));
  await previous;
  const saved = new Map<string, string | undefined>();
  // The deployment's env is exactly `env`: WorkOS variables of the shell running the demo or
  // the tests must not show up as if they were set on the deployment.
  const hidden = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => k.startsWith("WORKOS_") && !(k in env))
      .map((k) => [k, undefined]),
  );
  for (const [k, v] of Object.entries({ ...hidden, ...env })) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await run();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    release();
  }
}

type FunctionKind = "query" | "mutation" | "action";
type RunResult =
  | { ok: true; value: JSONValue }
  | { ok: false; errorMessage: string; errorData: JSONValue | undefined };

function canonicalPath(udfPath: string): string {
  const i = udfPath.lastIndexOf(":");
  const module = (i < 0 ? udfPath : udfPath.slice(0, i)).replace(/\.js$/, "");
  return `${module}:${i < 0 ? "default" : udfPath.slice(i + 1)}`;
}

// The client prefixes `[CONVEX Q(path)]` itself; the server sends the request id and the error.
function functionErrorMessage(e: unknown): string {
  const inner =
    e instanceof ConvexError
      ? "ConvexError"
      : e instanceof Error
        ? `${e.name}: ${e.message}`
        : String(e);
  return `[Request ID: ${Math.random().toString(16).slice(2, 18).padEnd(16, "0")}] Server Error\nUncaught ${inner}`;
}

// ---------- the sync protocol ----------

interface Subscription {
  udfPath: string;
  args: JSONValue;
}

interface StateVersion {
  querySet: number;
  identity: number;
  ts: number;
}

type ClientMessage =
  | { type: "Connect" }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (
        | { type: "Add"; queryId: number; udfPath: string; args: JSONValue[] }
        | { type: "Remove"; queryId: number }
      )[];
    }
  | {
      type: "Authenticate";
      tokenType: "User" | "Admin" | "None";
      value?: string;
      baseVersion: number;
    }
  | { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] }
  | { type: "Event" };

/** Starts the stand-in on 127.0.0.1 (a free port unless `port` is given). */
export async function startConvexStandin(options: StartStandinOptions): Promise<ConvexStandin> {
  const { backend, workos, port: wantedPort = 0, hostname = "127.0.0.1", control } = options;
  let settings: DeploymentSettings = {
    env: { ...options.env },
    ...(options.authConfigPath ? { authConfigPath: options.authConfigPath } : {}),
    ...(options.deployedProviders ? { deployedProviders: options.deployedProviders } : {}),
    redactErrors: options.redactErrors ?? false,
  };
  let providers: unknown[] = [];
  let pushError: string | null = null;
  let cache: DocumentCache = createDocumentCache();
  const decisions: AuthDecision[] = [];
  // Pushes apply one at a time, in the order they were asked for; token checks and function
  // runs wait for the latest one, so none is served by a configuration being replaced.
  let pushed: Promise<unknown> = Promise.resolve();
  // The functions' copy of the providers; every function run waits for the latest push.
  let deployed: Promise<void> = Promise.resolve();

  async function push(current: DeploymentSettings): Promise<AuthConfigResult> {
    const file = current.authConfigPath ?? backend.authConfigPath;
    const result = await evaluateAuthConfig(file, {
      projectDir: PROJECT_ROOT,
      deploymentEnv: definedEnv(current.env),
    });
    const error = pushErrorOf(result, file);
    // A failed push leaves the previous providers in place (none before the first push).
    if (error === null) providers = result.status === "ok" ? (result.providers as unknown[]) : [];
    pushError = error;
    if (current.deployedProviders !== undefined) providers = current.deployedProviders;
    cache = createDocumentCache();
    const deployedNow = providers;
    deployed = deployed.catch(() => undefined).then(() => backend.deploy?.(deployedNow));
    return result;
  }

  function schedulePush(): Promise<AuthConfigResult> {
    const current = settings;
    const result = pushed.catch(() => undefined).then(() => push(current));
    pushed = result;
    return result;
  }
  await schedulePush();

  const t = convexTest(backend.schema, backend.modules);
  backend.setup?.(t);

  if (workos) installFetchRouting(workos);
  const fetchForChecks: FetchLike = (url, init) =>
    workos && url.startsWith(`${WORKOS_ORIGIN}/`)
      ? workos.handleWorkosUrl(url, init)
      : fetch(url, init);

  async function judge(token: string, transport: "websocket" | "http"): Promise<TokenCheck> {
    await pushed.catch(() => undefined);
    const check = await checkToken(token, providers, {
      fetch: fetchForChecks,
      transport,
      cache,
      redactErrors: settings.redactErrors === true,
    });
    decisions.push({
      transport,
      verdict: check.verdict,
      code: check.code,
      convexMessage: check.convexMessage,
      subject: check.identity?.subject ?? null,
    });
    if (decisions.length > 200) decisions.shift();
    return check;
  }

  async function run(
    kind: FunctionKind,
    udfPath: string,
    args: JSONValue,
    identity: PredictedIdentity | null,
  ): Promise<RunResult> {
    const path = canonicalPath(udfPath);
    try {
      await pushed.catch(() => undefined);
      await deployed;
      const value = await withDeploymentEnv(settings.env, async () => {
        const accessor =
          identity === null ? t : t.withIdentity(identity as Parameters<typeof t.withIdentity>[0]);
        const decoded = (jsonToConvex(args ?? {}) ?? {}) as Record<string, Value>;
        if (kind === "query") return accessor.query(makeFunctionReference<"query">(path), decoded);
        if (kind === "mutation")
          return accessor.mutation(makeFunctionReference<"mutation">(path), decoded);
        return accessor.action(makeFunctionReference<"action">(path), decoded);
      });
      return { ok: true, value: convexToJson((value ?? null) as Value) };
    } catch (e) {
      const errorData = e instanceof ConvexError ? convexToJson(e.data as Value) : undefined;
      return { ok: false, errorMessage: functionErrorMessage(e), errorData };
    }
  }

  // The deployment's commit timestamp; every mutation advances it.
  let globalTs = 1;

  class SyncConnection {
    readonly queries = new Map<number, Subscription>();
    version: StateVersion = { querySet: 0, identity: 0, ts: 0 };
    identity: PredictedIdentity | null = null;
    private queue: Promise<void> = Promise.resolve();
    private expiryTimer: ReturnType<typeof setTimeout> | null = null;
    private pingTimer: ReturnType<typeof setInterval>;
    closed = false;

    constructor(readonly socket: WebSocket) {
      // Sync-protocol Pings keep the client's 60 s inactivity timer from reconnecting.
      this.pingTimer = setInterval(() => this.send({ type: "Ping" }), 15_000);
    }

    send(message: unknown): void {
      if (!this.closed && this.socket.readyState === this.socket.OPEN)
        this.socket.send(JSON.stringify(message));
    }

    /** Messages are handled strictly in order, like the sync worker. */
    enqueue(task: () => Promise<void>): void {
      this.queue = this.queue.then(task).catch((e: unknown) => {
        this.send({ type: "FatalError", error: e instanceof Error ? e.message : String(e) });
        this.close(1011, "InternalServerError");
      });
    }

    close(code = 1000, reason = ""): void {
      if (this.closed) return;
      this.closed = true;
      clearInterval(this.pingTimer);
      if (this.expiryTimer) clearTimeout(this.expiryTimer);
      try {
        this.socket.close(code, reason);
      } catch {
        this.socket.terminate();
      }
      connections.delete(this);
    }

    private async results(ids: Iterable<number>) {
      const modifications: unknown[] = [];
      for (const queryId of ids) {
        const q = this.queries.get(queryId);
        if (!q) continue;
        const r = await run("query", q.udfPath, q.args, this.identity);
        modifications.push(
          r.ok
            ? { type: "QueryUpdated", queryId, value: r.value, logLines: [], journal: null }
            : {
                type: "QueryFailed",
                queryId,
                errorMessage: r.errorMessage,
                logLines: [],
                errorData: r.errorData ?? null,
                journal: null,
              },
        );
      }
      return modifications;
    }

    /** Sends one Transition from the client's current version to `end`. */
    private transition(end: StateVersion, modifications: unknown[]): void {
      const enc = (v: StateVersion) => ({
        querySet: v.querySet,
        identity: v.identity,
        ts: encodeTs(v.ts),
      });
      this.send({
        type: "Transition",
        startVersion: enc(this.version),
        endVersion: enc(end),
        modifications,
        serverTs: Date.now(),
      });
      this.version = end;
    }

    async handle(message: ClientMessage): Promise<void> {
      switch (message.type) {
        case "Connect":
        case "Event":
          return;
        case "ModifyQuerySet": {
          if (message.baseVersion !== this.version.querySet)
            throw new Error(`Invalid query set base version ${message.baseVersion}`);
          const changed: number[] = [];
          const removed: unknown[] = [];
          for (const m of message.modifications) {
            if (m.type === "Add") {
              this.queries.set(m.queryId, { udfPath: m.udfPath, args: m.args[0] ?? {} });
              changed.push(m.queryId);
            } else {
              this.queries.delete(m.queryId);
              removed.push({ type: "QueryRemoved", queryId: m.queryId });
            }
          }
          const ts = globalTs;
          const modifications = [...(await this.results(changed)), ...removed];
          this.transition(
            { querySet: message.newVersion, identity: this.version.identity, ts },
            modifications,
          );
          return;
        }
        case "Authenticate":
          return this.authenticate(message);
        case "Mutation":
        case "Action": {
          const kind = message.type === "Mutation" ? "mutation" : "action";
          const r = await run(kind, message.udfPath, message.args[0] ?? {}, this.identity);
          const type = message.type === "Mutation" ? "MutationResponse" : "ActionResponse";
          if (!r.ok) {
            this.send({
              type,
              requestId: message.requestId,
              success: false,
              result: r.errorMessage,
              logLines: [],
              ...(r.errorData !== undefined ? { errorData: r.errorData } : {}),
            });
            return;
          }
          if (kind === "mutation") {
            globalTs += 1;
            this.send({
              type,
              requestId: message.requestId,
              success: true,
              result: r.value,
              ts: encodeTs(globalTs),
              logLines: [],
            });
          } else {
            this.send({
              type,
              requestId: message.requestId,
              success: true,
              result: r.value,
              logLines: [],
            });
            globalTs += 1;
          }
          // Reactivity, simply: every subscriber re-runs its queries at the new timestamp.
          for (const c of connections) c.enqueue(() => c.refresh());
          return;
        }
      }
    }

    async refresh(): Promise<void> {
      if (this.closed || this.version.ts >= globalTs) return;
      const ts = globalTs;
      const modifications = await this.results(this.queries.keys());
      this.transition({ ...this.version, ts }, modifications);
    }

    private async authenticate(
      message: Extract<ClientMessage, { type: "Authenticate" }>,
    ): Promise<void> {
      if (this.expiryTimer) clearTimeout(this.expiryTimer);
      this.expiryTimer = null;
      if (message.tokenType === "User" && typeof message.value === "string") {
        const check = await judge(message.value, "websocket");
        if (check.verdict !== "accepted" || check.identity === null) {
          const error = check.convexMessage ?? `Token could not be verified (${check.code})`;
          this.send({
            type: "AuthError",
            error,
            baseVersion: this.version.identity,
            authUpdateAttempted: true,
          });
          this.close(1008, check.convexCode ?? "InvalidAuthHeader");
          return;
        }
        this.identity = check.identity;
        this.scheduleExpiry(message.value);
      } else if (message.tokenType === "None") {
        this.identity = null;
      } else {
        this.send({
          type: "AuthError",
          error: "Admin authentication is not supported by the stand-in",
          baseVersion: this.version.identity,
          authUpdateAttempted: true,
        });
        this.close(1008, "InvalidAuthHeader");
        return;
      }
      const modifications = await this.results(this.queries.keys());
      this.transition(
        { querySet: this.version.querySet, identity: message.baseVersion + 1, ts: globalTs },
        modifications,
      );
    }

    /** The sync worker drops an identity once `exp` passes ("Convex token identity expired"). */
    private scheduleExpiry(token: string): void {
      const decoded = decodeToken(token);
      const exp = decoded.ok ? decoded.token.claims.exp : undefined;
      if (typeof exp !== "number") return;
      const delay = Math.min(Math.max(exp * 1000 - Date.now(), 0), 2 ** 31 - 1);
      this.expiryTimer = setTimeout(() => {
        this.enqueue(async () => {
          this.send({
            type: "AuthError",
            error: "Convex token identity expired",
            baseVersion: this.version.identity,
            authUpdateAttempted: false,
          });
          this.close(1008, "TokenExpired");
        });
      }, delay);
    }
  }

  const connections = new Set<SyncConnection>();

  // ---------- HTTP ----------

  type Reply = { status: number; headers?: Record<string, string>; body?: unknown };
  async function handleHttp(
    method: string,
    path: string,
    headers: IncomingMessage["headers"],
    body: string,
  ): Promise<Reply> {
    if (method === "OPTIONS") {
      return {
        status: 204,
        headers: {
          "access-control-allow-methods": "GET, POST, OPTIONS",
          "access-control-allow-headers": "Content-Type, Authorization, Convex-Client",
          "access-control-max-age": "600",
        },
      };
    }
    if (path.startsWith("/_demo/") && control) {
      const r = await control(method, path, body);
      if (r) return r;
    }
    if (method === "GET" && path === "/_standin/status") {
      return {
        status: 200,
        body: {
          backend: backend.name,
          providers,
          pushError,
          env: Object.keys(settings.env).filter((k) => settings.env[k] !== undefined),
          connections: connections.size,
        },
      };
    }
    const m = /^\/api\/(query|mutation|action)$/.exec(path);
    if (method !== "POST" || !m)
      return { status: 404, body: { code: "NotFound", message: `No route for ${method} ${path}` } };
    const kind = m[1] as FunctionKind;
    let request: { path?: unknown; args?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return {
        status: 400,
        body: { code: "BadJsonBody", message: "The request body is not valid JSON." },
      };
    }
    if (typeof request.path !== "string")
      return { status: 400, body: { code: "BadRequest", message: "Missing `path`." } };
    let identity: PredictedIdentity | null = null;
    const authorization = headers.authorization;
    if (typeof authorization === "string" && authorization.length > 0) {
      const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
      if (!bearer)
        return {
          status: 401,
          body: {
            code: "InvalidAuthHeader",
            message: "Authorization header is not a Bearer token.",
          },
        };
      const check = await judge(bearer[1]!, "http");
      if (check.verdict !== "accepted" || check.identity === null) {
        return {
          status: 401,
          body: {
            code: check.convexCode ?? "InvalidAuthHeader",
            message: check.convexMessage ?? `Token could not be verified (${check.code})`,
          },
        };
      }
      identity = check.identity;
    }
    const args = Array.isArray(request.args)
      ? (request.args[0] as JSONValue)
      : ((request.args ?? {}) as JSONValue);
    const r = await run(kind, request.path, args, identity);
    if (kind !== "query" && r.ok) {
      globalTs += 1;
      for (const c of connections) c.enqueue(() => c.refresh());
    }
    if (r.ok) return { status: 200, body: { status: "success", value: r.value, logLines: [] } };
    return {
      status: 560,
      body: {
        status: "error",
        errorMessage: r.errorMessage,
        ...(r.errorData !== undefined ? { errorData: r.errorData } : {}),
        logLines: [],
      },
    };
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const origin = req.headers.origin;
      const cors: Record<string, string> = origin
        ? {
            "access-control-allow-origin": origin,
            "access-control-allow-credentials": "true",
            vary: "Origin",
          }
        : {};
      const done = (reply: Reply) => {
        res.writeHead(reply.status, {
          ...cors,
          ...(reply.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(reply.headers ?? {}),
        });
        res.end(reply.body !== undefined ? JSON.stringify(reply.body) : "");
      };
      if (size > 1024 * 1024)
        return done({
          status: 413,
          body: { code: "RequestTooLarge", message: "Request body too large." },
        });
      // The demo's control routes switch scenarios: only pages served from this machine may use them.
      if (path.startsWith("/_demo/") && origin !== undefined && !isLoopbackOrigin(origin)) {
        return done({
          status: 403,
          body: {
            code: "Forbidden",
            message: "The demo control routes answer only pages served from localhost.",
          },
        });
      }
      handleHttp(
        req.method ?? "GET",
        path,
        req.headers,
        Buffer.concat(chunks).toString("utf8"),
      ).then(done, (e: unknown) =>
        done({
          status: 500,
          body: {
            code: "InternalServerError",
            message: e instanceof Error ? e.message : String(e),
          },
        }),
      );
    });
  });
  server.keepAliveTimeout = 1000;

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (!/^\/api\/[^/]+\/sync$/.test(path)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new SyncConnection(ws);
      connections.add(connection);
      ws.on("message", (data) => {
        let message: ClientMessage;
        try {
          message = JSON.parse(String(data)) as ClientMessage;
        } catch {
          connection.close(1008, "WSMessageInvalidJson");
          return;
        }
        connection.enqueue(() => connection.handle(message));
      });
      ws.on("close", () => connection.close());
      ws.on("error", () => connection.close());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wantedPort, hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${hostname}:${port}`,
    port,
    get providers() {
      return providers;
    },
    get pushError() {
      return pushError;
    },
    get settings() {
      return settings;
    },
    configure(patch) {
      settings = { ...settings, ...patch };
      if ("deployedProviders" in patch && patch.deployedProviders === undefined)
        delete settings.deployedProviders;
      if ("authConfigPath" in patch && patch.authConfigPath === undefined)
        delete settings.authConfigPath;
      return schedulePush();
    },
    decisions,
    get connectionCount() {
      return connections.size;
    },
    dropConnections() {
      for (const c of [...connections]) c.close(1001, "");
    },
    async close() {
      for (const c of [...connections]) c.close(1001, "");
      if (workos) removeFetchRouting(workos);
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
