/**
 * A fake Convex deployment behind an injectable WebSocket class, for driving the real
 * `ConvexReactClient`, `ConvexProviderWithAuth` and `useConvexAuth()` in jsdom. The protocol is
 * the demo's sync session (`demo/syncProtocol.ts`); this file is only its in-process transport
 * and handlers written as plain functions.
 *
 *   const server = createFakeConvexServer({ authenticate: (t) => ..., queries: { "mod:fn": ... } });
 *   const client = new ConvexReactClient(server.url, { webSocketConstructor: server.WebSocket });
 *
 * A rejected token gets `AuthError` and the socket is closed with 1000 `AuthError`; `close()`
 * always fires `onclose`.
 */
import type { JSONValue } from "convex/values";
import {
  createSyncDeployment,
  createSyncSession,
  type FunctionOutcome,
  type SyncSession,
} from "../../demo/syncProtocol.js";

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
  const deployment = createSyncDeployment();
  let opened = 0;

  const notFound = (udfPath: string) => `Could not find public function for '${udfPath}'.`;

  // Handlers take the call's first argument and throw to fail, like function code does.
  const runner =
    (
      handlers:
        | Record<string, (args: Record<string, Json>, ctx: FunctionContext) => Json | Promise<Json>>
        | undefined,
      missing: (udfPath: string) => string,
    ) =>
    async (
      udfPath: string,
      args: JSONValue,
      identity: Identity | null,
    ): Promise<FunctionOutcome> => {
      const handler = handlers?.[udfPath];
      if (!handler) return { ok: false, errorMessage: missing(udfPath) };
      try {
        const value = await handler(args as Record<string, Json>, { identity });
        return { ok: true, value };
      } catch (e) {
        return { ok: false, errorMessage: e instanceof Error ? e.message : String(e) };
      }
    };
  const runQuery = runner(
    options.queries,
    (udfPath) =>
      `${notFound(udfPath)} Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
  );
  const runMutation = runner(options.mutations, notFound);
  const runAction = runner(options.actions, notFound);

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
    private readonly session: SyncSession<Identity>;

    constructor(readonly url: string) {
      opened++;
      sockets.add(this);
      this.session = createSyncSession<Identity>({
        deployment,
        send: (message) => {
          if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(message) });
        },
        close: (code, reason) => this.close(code, reason),
        runQuery,
        runMutation,
        runAction,
        authenticate: (token) => {
          tokens.push(token);
          const decision = authenticate(token);
          return decision.ok
            ? decision
            : { ok: false, error: decision.error, close: { code: 1000, reason: "AuthError" } };
        },
      });
      setTimeout(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.onopen?.({});
      }, 0);
    }

    send(data: string) {
      if (this.readyState !== 1) return;
      received.push(JSON.parse(data) as ClientMessage);
      this.session.receive(data);
    }

    close(code = 1000, reason = "") {
      if (this.readyState === 3) return;
      this.readyState = 3;
      sockets.delete(this);
      this.session.disconnected();
      setTimeout(() => this.onclose?.({ code, reason, wasClean: true }), 0);
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
