/**
 * The server side of Convex's sync protocol (`convex/src/browser/sync/protocol.ts`), without a
 * transport: a session turns the client's messages into the server's, and whoever owns the
 * socket only moves strings. The demo's stand-in runs it over a real WebSocket; the React
 * tests run it behind an in-process fake WebSocket in jsdom.
 *
 * @example
 * const deployment = createSyncDeployment();
 * const session = createSyncSession({
 *   deployment,
 *   send: (message) => ws.send(JSON.stringify(message)),
 *   close: (code, reason) => ws.close(code, reason),
 *   runQuery, runMutation, runAction, authenticate,
 * });
 * ws.on("message", (data) => session.receive(String(data)));
 * ws.on("close", () => session.disconnected());
 */
import { Base64, type JSONValue } from "convex/values";

/** A sync-protocol timestamp: base64 of the number's 8 little-endian bytes. */
export function encodeTs(ts: number): string {
  const bytes = new Uint8Array(8);
  let v = BigInt(ts);
  for (let i = 0; i < 8; i++) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return Base64.fromByteArray(bytes);
}

// ---------- messages, as they travel as JSON ----------

type LogLines = string[];

/** A state version on the wire (`ts` encoded). */
export interface WireStateVersion {
  querySet: number;
  identity: number;
  ts: string;
}

export type StateModification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: LogLines; journal: null }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      logLines: LogLines;
      errorData: JSONValue;
      journal: null;
    }
  | { type: "QueryRemoved"; queryId: number };

export type ServerMessage =
  | {
      type: "Transition";
      startVersion: WireStateVersion;
      endVersion: WireStateVersion;
      modifications: StateModification[];
      serverTs: number;
    }
  | {
      type: "MutationResponse";
      requestId: number;
      success: true;
      result: JSONValue;
      ts: string;
      logLines: LogLines;
    }
  | {
      type: "ActionResponse";
      requestId: number;
      success: true;
      result: JSONValue;
      logLines: LogLines;
    }
  | {
      type: "MutationResponse" | "ActionResponse";
      requestId: number;
      success: false;
      result: string;
      logLines: LogLines;
      errorData?: JSONValue;
    }
  | { type: "AuthError"; error: string; baseVersion: number; authUpdateAttempted: boolean }
  | { type: "FatalError"; error: string }
  | { type: "Ping" };

export type ClientMessage =
  | { type: "Connect"; sessionId: string; connectionCount: number }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (
        | { type: "Add"; queryId: number; udfPath: string; args: JSONValue[] }
        | { type: "Remove"; queryId: number }
      )[];
    }
  | { type: "Authenticate"; tokenType: "User"; value: string; baseVersion: number }
  | { type: "Authenticate"; tokenType: "Admin"; value: string; baseVersion: number }
  | { type: "Authenticate"; tokenType: "None"; baseVersion: number }
  | { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] }
  | { type: "Event"; eventType: string; event: unknown };

// ---------- what a session needs from its deployment ----------

/** How a function call ended; `errorMessage` is what the client shows (it adds the prefix). */
export type FunctionOutcome =
  { ok: true; value: JSONValue } | { ok: false; errorMessage: string; errorData?: JSONValue };

/**
 * How a user token was judged. An accepted token may say when it expires (ms since the epoch):
 * the session then drops the identity at that moment, as Convex's sync worker does. A rejected
 * one is answered with `AuthError { error }` and the socket is closed with `close` (default
 * 1008 `InvalidAuthHeader`).
 */
export type AuthOutcome<I> =
  | { ok: true; identity: I; expiresAt?: number }
  | { ok: false; error: string; close?: { code: number; reason: string } };

type MaybePromise<T> = T | Promise<T>;

/** Runs one function as `identity` (null: no user). `args` is the call's first argument. */
export type FunctionRunner<I> = (
  udfPath: string,
  args: JSONValue,
  identity: I | null,
) => MaybePromise<FunctionOutcome>;

/**
 * What the sessions of one deployment share: the commit timestamp. Every write advances it,
 * and every session then reruns its queries so subscribers see the write.
 */
export interface SyncDeployment {
  /** The latest commit timestamp. */
  readonly ts: number;
  /** Open sessions. */
  readonly sessionCount: number;
  /** Records a write (e.g. a mutation over HTTP): advances `ts`; returns the new value. */
  commit(): number;
}

interface Member {
  refresh(): void;
}
const members = new WeakMap<SyncDeployment, Set<Member>>();

export function createSyncDeployment(): SyncDeployment {
  const sessions = new Set<Member>();
  let ts = 1;
  const deployment: SyncDeployment = {
    get ts() {
      return ts;
    },
    get sessionCount() {
      return sessions.size;
    },
    commit() {
      ts += 1;
      for (const s of sessions) s.refresh();
      return ts;
    },
  };
  members.set(deployment, sessions);
  return deployment;
}

export interface SyncSessionOptions<I> {
  /** Delivers one server message to the client. */
  send(message: ServerMessage): void;
  /** Closes the client's socket (the session has already stopped). */
  close(code: number, reason: string): void;
  runQuery: FunctionRunner<I>;
  runMutation: FunctionRunner<I>;
  runAction: FunctionRunner<I>;
  /** Judges a user token from an `Authenticate` message. */
  authenticate(token: string): MaybePromise<AuthOutcome<I>>;
  /** The deployment this session belongs to. Default: one of its own. */
  deployment?: SyncDeployment;
  /** Send `Ping` this often (ms), as Convex does to keep idle clients from reconnecting. */
  pingIntervalMs?: number;
  /**
   * Count every successful action as a write (default false). For backends whose actions write
   * through mutations the session never sees: subscribers then rerun their queries.
   */
  actionsWrite?: boolean;
}

/** The internal version: what the client holds after the last Transition. */
export interface StateVersion {
  querySet: number;
  identity: number;
  ts: number;
}

export interface SyncSession<I> {
  /** Hands over one message as the client sent it (JSON text). Handled strictly in order. */
  receive(data: string): void;
  /** The identity queries and functions run as; null before (or without) a user token. */
  readonly identity: I | null;
  readonly version: Readonly<StateVersion>;
  readonly closed: boolean;
  /** Ends the session and closes the socket through `options.close`. */
  close(code: number, reason: string): void;
  /** Ends the session because the socket is already gone (no `close` call). */
  disconnected(): void;
  /** Resolves once every message received so far has been handled. */
  idle(): Promise<void>;
}

const ADMIN_AUTH_UNSUPPORTED = "Admin authentication is not supported here";

/** Starts the server side of one client connection. */
export function createSyncSession<I>(options: SyncSessionOptions<I>): SyncSession<I> {
  const deployment = options.deployment ?? createSyncDeployment();
  const peers = members.get(deployment);
  if (!peers) throw new Error("The deployment was not made by createSyncDeployment()");

  const queries = new Map<number, { udfPath: string; args: JSONValue }>();
  let version: StateVersion = { querySet: 0, identity: 0, ts: 0 };
  let identity: I | null = null;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();
  let expiryTimer: ReturnType<typeof setTimeout> | null = null;
  const pingTimer =
    options.pingIntervalMs !== undefined
      ? setInterval(() => send({ type: "Ping" }), options.pingIntervalMs)
      : null;

  function send(message: ServerMessage): void {
    if (!closed) options.send(message);
  }

  function stop(): boolean {
    if (closed) return false;
    closed = true;
    if (pingTimer) clearInterval(pingTimer);
    if (expiryTimer) clearTimeout(expiryTimer);
    peers!.delete(member);
    return true;
  }

  function close(code: number, reason: string): void {
    if (stop()) options.close(code, reason);
  }

  // Like the sync worker, one message at a time: a query set change never overtakes the
  // Authenticate before it. A failure is fatal to the connection, as on Convex.
  function enqueue(task: () => Promise<void>): void {
    queue = queue.then(async () => {
      if (closed) return;
      try {
        await task();
      } catch (e) {
        send({ type: "FatalError", error: e instanceof Error ? e.message : String(e) });
        close(1011, "InternalServerError");
      }
    });
  }

  async function results(ids: Iterable<number>): Promise<StateModification[]> {
    const modifications: StateModification[] = [];
    for (const queryId of ids) {
      const q = queries.get(queryId);
      if (!q) continue;
      const r = await options.runQuery(q.udfPath, q.args, identity);
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

  // A Transition must start at exactly the version the client holds, or the client rejects it.
  function transition(end: StateVersion, modifications: StateModification[]): void {
    const wire = (v: StateVersion): WireStateVersion => ({
      querySet: v.querySet,
      identity: v.identity,
      ts: encodeTs(v.ts),
    });
    send({
      type: "Transition",
      startVersion: wire(version),
      endVersion: wire(end),
      modifications,
      serverTs: Date.now(),
    });
    version = end;
  }

  async function refresh(): Promise<void> {
    if (version.ts >= deployment.ts) return;
    const ts = deployment.ts;
    transition({ ...version, ts }, await results(queries.keys()));
  }

  function authError(error: string, baseVersion: number, authUpdateAttempted: boolean): void {
    send({ type: "AuthError", error, baseVersion, authUpdateAttempted });
  }

  function scheduleExpiry(expiresAt: number | undefined): void {
    if (expiresAt === undefined) return;
    // setTimeout fires at once for delays beyond 2^31-1 ms; such tokens never expire here.
    const delay = Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1);
    expiryTimer = setTimeout(() => {
      enqueue(async () => {
        authError("Convex token identity expired", version.identity, false);
        close(1008, "TokenExpired");
      });
    }, delay);
  }

  async function authenticate(
    message: Extract<ClientMessage, { type: "Authenticate" }>,
  ): Promise<void> {
    if (expiryTimer) clearTimeout(expiryTimer);
    expiryTimer = null;
    if (message.tokenType === "User") {
      const outcome = await options.authenticate(message.value);
      if (!outcome.ok) {
        authError(outcome.error, message.baseVersion, true);
        const how = outcome.close ?? { code: 1008, reason: "InvalidAuthHeader" };
        close(how.code, how.reason);
        return;
      }
      identity = outcome.identity;
      scheduleExpiry(outcome.expiresAt);
    } else if (message.tokenType === "None") {
      identity = null;
    } else {
      authError(ADMIN_AUTH_UNSUPPORTED, message.baseVersion, true);
      close(1008, "InvalidAuthHeader");
      return;
    }
    const ts = deployment.ts;
    transition(
      { querySet: version.querySet, identity: message.baseVersion + 1, ts },
      await results(queries.keys()),
    );
  }

  async function modifyQuerySet(
    message: Extract<ClientMessage, { type: "ModifyQuerySet" }>,
  ): Promise<void> {
    if (message.baseVersion !== version.querySet)
      throw new Error(`Invalid query set base version ${message.baseVersion}`);
    const changed: number[] = [];
    const removed: StateModification[] = [];
    for (const m of message.modifications) {
      if (m.type === "Add") {
        queries.set(m.queryId, { udfPath: m.udfPath, args: m.args[0] ?? {} });
        changed.push(m.queryId);
      } else {
        queries.delete(m.queryId);
        removed.push({ type: "QueryRemoved", queryId: m.queryId });
      }
    }
    const ts = deployment.ts;
    const modifications = [...(await results(changed)), ...removed];
    transition({ querySet: message.newVersion, identity: version.identity, ts }, modifications);
  }

  async function mutation(
    message: Extract<ClientMessage, { type: "Mutation" | "Action" }>,
  ): Promise<void> {
    const r = await options.runMutation(message.udfPath, message.args[0] ?? {}, identity);
    if (!r.ok) return fail("MutationResponse", message.requestId, r);
    // The client resolves the mutation once a Transition reaches this timestamp; the commit
    // queues that Transition behind this response.
    const ts = deployment.commit();
    send({
      type: "MutationResponse",
      requestId: message.requestId,
      success: true,
      result: r.value,
      ts: encodeTs(ts),
      logLines: [],
    });
  }

  // Actions run beside the message queue, as on Convex: a slow action holds up nothing.
  function action(message: Extract<ClientMessage, { type: "Mutation" | "Action" }>): void {
    const caller = identity;
    void (async () => {
      let r: FunctionOutcome;
      try {
        r = await options.runAction(message.udfPath, message.args[0] ?? {}, caller);
      } catch (e) {
        r = { ok: false, errorMessage: e instanceof Error ? e.message : String(e) };
      }
      if (!r.ok) return fail("ActionResponse", message.requestId, r);
      send({
        type: "ActionResponse",
        requestId: message.requestId,
        success: true,
        result: r.value,
        logLines: [],
      });
      if (options.actionsWrite === true) deployment.commit();
    })();
  }

  function fail(
    type: "MutationResponse" | "ActionResponse",
    requestId: number,
    r: Extract<FunctionOutcome, { ok: false }>,
  ): void {
    send({
      type,
      requestId,
      success: false,
      result: r.errorMessage,
      logLines: [],
      ...(r.errorData !== undefined ? { errorData: r.errorData } : {}),
    });
  }

  async function handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case "Connect":
      case "Event":
        return;
      case "ModifyQuerySet":
        return modifyQuerySet(message);
      case "Authenticate":
        return authenticate(message);
      case "Mutation":
        return mutation(message);
      case "Action":
        return action(message);
    }
  }

  const member: Member = { refresh: () => enqueue(refresh) };
  peers.add(member);

  return {
    receive(data) {
      if (closed) return;
      let message: ClientMessage;
      try {
        message = JSON.parse(data) as ClientMessage;
      } catch {
        close(1008, "WSMessageInvalidJson");
        return;
      }
      enqueue(() => handle(message));
    },
    get identity() {
      return identity;
    },
    get version() {
      return version;
    },
    get closed() {
      return closed;
    },
    close,
    disconnected() {
      stop();
    },
    idle() {
      return queue;
    },
  };
}
