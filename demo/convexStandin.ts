/**
 * A local stand-in for a Convex deployment that the unmodified `ConvexReactClient` and
 * `ConvexHttpClient` talk to: the sync protocol over a real WebSocket (`/api/<version>/sync`)
 * and `POST /api/query|mutation|action` over HTTP. Functions run in convex-test; tokens are
 * judged by `checkToken` from `src/core` against the providers of an `auth.config.ts`
 * evaluated by the doctor's `evaluateAuthConfig` with the stand-in's own deployment
 * environment, so a wrong or missing `WORKOS_CLIENT_ID`, or a providers list that was never
 * pushed, behave as on a real deployment. The sync protocol itself is `./syncProtocol.ts`.
 *
 * Demo code, also driven by the e2e tests: it is not part of the published package.
 *
 * @example
 * const issuer = await startWorkosIssuer();
 * const convex = await startConvexStandin({ backend, env: { WORKOS_CLIENT_ID: issuer.clientId }, workos: issuer });
 * const client = new ConvexReactClient(convex.url, { webSocketConstructor: WebSocket });
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { makeFunctionReference, type GenericSchema, type SchemaDefinition } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { convexTest } from "convex-test";
import { WebSocketServer, type WebSocket } from "ws";
import {
  createSyncDeployment,
  createSyncSession,
  type FunctionOutcome,
  type SyncSession,
} from "./syncProtocol.js";
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
  /**
   * The key set the deployment holds in its cache, served for every WorkOS JWKS URL instead of
   * asking the issuer (e.g. one cached before the issuer rotated its signing key); `undefined`
   * asks the issuer each time.
   */
  cachedJwks?: { keys: unknown[] };
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

/** When the sync worker drops the token's identity: its `exp`, in ms since the epoch. */
function expiryOf(token: string): number | undefined {
  const decoded = decodeToken(token);
  const exp = decoded.ok ? decoded.token.claims.exp : undefined;
  return typeof exp === "number" ? exp * 1000 : undefined;
}

/** Starts the stand-in on 127.0.0.1 (a free port unless `port` is given). */
export async function startConvexStandin(options: StartStandinOptions): Promise<ConvexStandin> {
  const { backend, workos, port: wantedPort = 0, hostname = "127.0.0.1", control } = options;
  let settings: DeploymentSettings = {
    env: { ...options.env },
    ...(options.authConfigPath ? { authConfigPath: options.authConfigPath } : {}),
    ...(options.deployedProviders ? { deployedProviders: options.deployedProviders } : {}),
    redactErrors: options.redactErrors ?? false,
    ...(options.cachedJwks ? { cachedJwks: options.cachedJwks } : {}),
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
    if (result.status === "ok" && error === null) providers = result.providers as unknown[];
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

  // WorkOS as this deployment sees it: the issuer, except for a key set it holds in its cache.
  const workosHere: WorkosRouter | undefined = workos && {
    handleWorkosUrl(url, init) {
      const cached = settings.cachedJwks;
      if (cached && new URL(url).pathname.startsWith("/sso/jwks/"))
        return Promise.resolve(
          new Response(JSON.stringify(cached), {
            status: 200,
            // Served afresh each time, so no cache outlives the scenario that set it.
            headers: { "content-type": "application/jwk-set+json", "cache-control": "no-store" },
          }),
        );
      return workos.handleWorkosUrl(url, init);
    },
  };
  if (workosHere) installFetchRouting(workosHere);
  const fetchForChecks: FetchLike = (url, init) =>
    workosHere && url.startsWith(`${WORKOS_ORIGIN}/`)
      ? workosHere.handleWorkosUrl(url, init)
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
  ): Promise<FunctionOutcome> {
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
      if (!(e instanceof ConvexError)) return { ok: false, errorMessage: functionErrorMessage(e) };
      return {
        ok: false,
        errorMessage: functionErrorMessage(e),
        errorData: convexToJson(e.data as Value),
      };
    }
  }

  // The deployment's commit timestamp, shared by every sync session and the HTTP API.
  const deployment = createSyncDeployment();
  const sessions = new Set<SyncSession<PredictedIdentity>>();

  function openSession(ws: WebSocket): SyncSession<PredictedIdentity> {
    const session = createSyncSession<PredictedIdentity>({
      deployment,
      // Convex pings so the client's 60 s inactivity timer never reconnects an idle socket.
      pingIntervalMs: 15_000,
      // Actions run in convex-test and may write through mutations the session never sees.
      actionsWrite: true,
      send(message) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
      close(code, reason) {
        sessions.delete(session);
        try {
          ws.close(code, reason);
        } catch {
          ws.terminate();
        }
      },
      runQuery: (udfPath, args, identity) => run("query", udfPath, args, identity),
      runMutation: (udfPath, args, identity) => run("mutation", udfPath, args, identity),
      runAction: (udfPath, args, identity) => run("action", udfPath, args, identity),
      async authenticate(token) {
        const check = await judge(token, "websocket");
        if (check.verdict !== "accepted" || check.identity === null) {
          return {
            ok: false,
            error: check.convexMessage ?? `Token could not be verified (${check.code})`,
            close: { code: 1008, reason: check.convexCode ?? "InvalidAuthHeader" },
          };
        }
        return { ok: true, identity: check.identity, expiresAt: expiryOf(token) };
      },
    });
    sessions.add(session);
    return session;
  }

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
          connections: sessions.size,
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
    if (kind !== "query" && r.ok) deployment.commit();
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
      const session = openSession(ws);
      ws.on("message", (data) => session.receive(String(data)));
      const gone = () => {
        sessions.delete(session);
        session.disconnected();
      };
      ws.on("close", gone);
      ws.on("error", gone);
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
      if ("cachedJwks" in patch && patch.cachedJwks === undefined) delete settings.cachedJwks;
      return schedulePush();
    },
    decisions,
    get connectionCount() {
      return sessions.size;
    },
    dropConnections() {
      for (const s of [...sessions]) s.close(1001, "");
    },
    async close() {
      for (const s of [...sessions]) s.close(1001, "");
      if (workosHere) removeFetchRouting(workosHere);
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
