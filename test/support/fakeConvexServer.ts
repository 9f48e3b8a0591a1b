/**
 * A fake Convex deployment behind an injectable WebSocket class: it speaks enough of the sync
 * protocol (`node_modules/convex/src/browser/sync/protocol.ts`) to drive the real
 * `ConvexReactClient`, `ConvexProviderWithAuth` and `useConvexAuth()` in jsdom.
 *
 *   const server = createFakeConvexServer({ authenticate: (t) => ..., queries: { "mod:fn": ... } });
 *   const client = new ConvexReactClient(server.url, { webSocketConstructor: server.WebSocket });
 *
 * Protocol rules it follows (see DESIGN.md §6): every Transition starts at the client's current
 * `{ querySet, identity, ts }` (ts = base64 of 8 little-endian bytes); an accepted Authenticate
 * is confirmed by a Transition whose identity is `baseVersion + 1`; a rejected one gets
 * `AuthError { error, baseVersion, authUpdateAttempted: true }` and the socket is closed;
 * `close()` always fires `onclose`.
 */
import { encodeTs } from "../../demo/syncProtocol.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Identity = Record<string, Json> & {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
};

/** How the fake answers an `Authenticate` message. */
export type AuthDecision = { ok: true; identity: Identity } | { ok: false; error: string };

export interface FunctionContext {
  identity: Identity | null;
}

export interface FakeConvexServerOptions {
  /** Deployment URL the client is constructed with. Default `https://fake-deployment-123.convex.cloud`. */
  url?: string;
  /** Judges each user token. Default: accept any token as `user_1`. */
  authenticate?: (token: string) => AuthDecision;
  /** Query handlers by udf path (`"module:function"`); they rerun on every identity change. */
  queries?: Record<string, (args: Record<string, Json>, ctx: FunctionContext) => Json>;
  /** Mutation handlers by udf path. A throw becomes a failed MutationResponse; queries rerun after a success. */
  mutations?: Record<string, (args: Record<string, Json>, ctx: FunctionContext) => Json>;
  /** Action handlers by udf path. A throw becomes a failed ActionResponse. */
  actions?: Record<
    string,
    (args: Record<string, Json>, ctx: FunctionContext) => Json | Promise<Json>
  >;
}

/** A message the client sent, decoded. */
export type ClientMessage = { type: string; [k: string]: unknown };

interface SocketState {
  querySet: number;
  identity: number;
  ts: number;
  user: Identity | null;
  queries: Map<number, { udfPath: string; args: Record<string, Json> }>;
}

export interface FakeConvexServer {
  url: string;
  /** Pass as `webSocketConstructor`. */
  WebSocket: typeof WebSocket;
  /** Every message any client sent, in order. */
  received: ClientMessage[];
  /** User tokens received in `Authenticate` messages, in order. */
  tokens: string[];
  /** Number of sockets opened so far. */
  connections(): number;
  /** Replaces the auth decision (affects later `Authenticate` messages). */
  setAuthenticate(fn: (token: string) => AuthDecision): void;
  /** Closes every open socket (the client reconnects). */
  dropAll(): void;
}

export function createFakeConvexServer(options: FakeConvexServerOptions = {}): FakeConvexServer {
  const url = options.url ?? "https://fake-deployment-123.convex.cloud";
  let authenticate =
    options.authenticate ??
    ((): AuthDecision => ({
      ok: true,
      identity: {
        subject: "user_1",
        issuer: "https://issuer.test",
        tokenIdentifier: "https://issuer.test|user_1",
      },
    }));
  const received: ClientMessage[] = [];
  const tokens: string[] = [];
  const sockets = new Set<FakeSocket>();
  let opened = 0;

  const run = (udfPath: string, args: Record<string, Json>, st: SocketState) => {
    const handler = options.queries?.[udfPath];
    if (!handler)
      return {
        ok: false as const,
        error: `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      };
    try {
      return { ok: true as const, value: handler(args, { identity: st.user }) };
    } catch (e) {
      return { ok: false as const, error: e instanceof Error ? e.message : String(e) };
    }
  };

  const modification = (
    queryId: number,
    udfPath: string,
    args: Record<string, Json>,
    st: SocketState,
  ) => {
    const r = run(udfPath, args, st);
    return r.ok
      ? { type: "QueryUpdated", queryId, value: r.value, logLines: [], journal: null }
      : {
          type: "QueryFailed",
          queryId,
          errorMessage: r.error,
          logLines: [],
          errorData: null,
          journal: null,
        };
  };

  class FakeSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readyState = 0;
    binaryType = "blob";
    onopen: ((ev: unknown) => void) | null = null;
    onmessage: ((ev: { data: string }) => void) | null = null;
    onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    private st: SocketState = { querySet: 0, identity: 0, ts: 0, user: null, queries: new Map() };

    constructor(readonly url: string) {
      opened++;
      sockets.add(this);
      setTimeout(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.onopen?.({});
      }, 0);
    }

    send(data: string) {
      if (this.readyState !== 1) return;
      const msg = JSON.parse(data) as ClientMessage;
      received.push(msg);
      // Answer asynchronously, like a network would.
      queueMicrotask(() => this.handle(msg));
    }

    close(code = 1000, reason = "") {
      if (this.readyState === 3) return;
      this.readyState = 3;
      sockets.delete(this);
      setTimeout(() => this.onclose?.({ code, reason, wasClean: true }), 0);
    }

    private push(message: object) {
      if (this.readyState !== 1) return;
      this.onmessage?.({ data: JSON.stringify(message) });
    }

    private version() {
      return { querySet: this.st.querySet, identity: this.st.identity, ts: encodeTs(this.st.ts) };
    }

    /** Sends a Transition from the client's current version to the new one. */
    private transition(next: { querySet?: number; identity?: number }, modifications: object[]) {
      const startVersion = this.version();
      this.st.querySet = next.querySet ?? this.st.querySet;
      this.st.identity = next.identity ?? this.st.identity;
      this.st.ts += 1;
      this.push({
        type: "Transition",
        startVersion,
        endVersion: this.version(),
        modifications,
        serverTs: Date.now(),
      });
    }

    private handle(msg: ClientMessage) {
      if (this.readyState !== 1) return;
      switch (msg.type) {
        case "Connect":
        case "Event":
          return;
        case "Authenticate": {
          const baseVersion = msg.baseVersion as number;
          if (msg.tokenType === "User") {
            const token = String(msg.value);
            tokens.push(token);
            const decision = authenticate(token);
            if (!decision.ok) {
              this.push({
                type: "AuthError",
                error: decision.error,
                baseVersion,
                authUpdateAttempted: true,
              });
              this.close(1000, "AuthError");
              return;
            }
            this.st.user = decision.identity;
          } else {
            this.st.user = null;
          }
          const mods = [...this.st.queries].map(([id, q]) =>
            modification(id, q.udfPath, q.args, this.st),
          );
          this.transition({ identity: baseVersion + 1 }, mods);
          return;
        }
        case "ModifyQuerySet": {
          const mods: object[] = [];
          for (const m of msg.modifications as {
            type: string;
            queryId: number;
            udfPath?: string;
            args?: Json[];
          }[]) {
            if (m.type === "Add") {
              const args = ((m.args?.[0] ?? {}) as Record<string, Json>) ?? {};
              this.st.queries.set(m.queryId, { udfPath: m.udfPath!, args });
              mods.push(modification(m.queryId, m.udfPath!, args, this.st));
            } else if (m.type === "Remove") {
              this.st.queries.delete(m.queryId);
              mods.push({ type: "QueryRemoved", queryId: m.queryId });
            }
          }
          this.transition({ querySet: msg.newVersion as number }, mods);
          return;
        }
        case "Action": {
          const { requestId, udfPath } = msg as unknown as {
            requestId: number;
            udfPath: string;
            args: Json[];
          };
          const args = ((msg.args as Json[])[0] ?? {}) as Record<string, Json>;
          const handler = options.actions?.[udfPath];
          const st = this.st;
          void (async () => {
            try {
              if (!handler) throw new Error(`Could not find public function for '${udfPath}'.`);
              const result = await handler(args, { identity: st.user });
              this.push({ type: "ActionResponse", requestId, success: true, result, logLines: [] });
            } catch (e) {
              this.push({
                type: "ActionResponse",
                requestId,
                success: false,
                result: e instanceof Error ? e.message : String(e),
                logLines: [],
              });
            }
          })();
          return;
        }
        case "Mutation": {
          const requestId = msg.requestId as number;
          const udfPath = msg.udfPath as string;
          const args = ((msg.args as Json[])[0] ?? {}) as Record<string, Json>;
          const handler = options.mutations?.[udfPath];
          let result: Json;
          try {
            if (!handler) throw new Error(`Could not find public function for '${udfPath}'.`);
            result = handler(args, { identity: this.st.user });
          } catch (e) {
            this.push({
              type: "MutationResponse",
              requestId,
              success: false,
              result: e instanceof Error ? e.message : String(e),
              logLines: [],
            });
            return;
          }
          // The client resolves a mutation once a Transition reaches the commit timestamp.
          this.push({
            type: "MutationResponse",
            requestId,
            success: true,
            result,
            ts: encodeTs(this.st.ts + 1),
            logLines: [],
          });
          const mods = [...this.st.queries].map(([id, q]) =>
            modification(id, q.udfPath, q.args, this.st),
          );
          this.transition({}, mods);
          return;
        }
      }
    }
  }

  return {
    url,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    received,
    tokens,
    connections: () => opened,
    setAuthenticate(fn) {
      authenticate = fn;
    },
    dropAll() {
      for (const s of [...sockets]) s.close(1011, "InternalServerError");
    },
  };
}
