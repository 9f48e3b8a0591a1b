import { Base64, type JSONValue } from "convex/values";
import { afterEach, describe, expect, it } from "vitest";
import {
  createSyncDeployment,
  createSyncSession,
  encodeTs,
  type ClientMessage,
  type FunctionOutcome,
  type ServerMessage,
  type SyncDeployment,
  type SyncSession,
  type SyncSessionOptions,
} from "../../demo/syncProtocol.js";

interface User {
  subject: string;
}

type Of<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

function decodeTs(encoded: string): number {
  const bytes = Base64.toByteArray(encoded);
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return Number(v);
}

const sessions: SyncSession<User>[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.disconnected();
});

/** A session whose queries answer `{ path, args, who }`, with every message it sends recorded. */
function open(overrides: Partial<SyncSessionOptions<User>> = {}) {
  const sent: ServerMessage[] = [];
  const closes: { code: number; reason: string }[] = [];
  const session = createSyncSession<User>({
    send: (m) => sent.push(m),
    close: (code, reason) => closes.push({ code, reason }),
    runQuery: (path, args, identity) => ({
      ok: true,
      value: { path, args, who: identity?.subject ?? null },
    }),
    runMutation: () => ({ ok: true, value: "written" }),
    runAction: (_path, _args, identity) => ({ ok: true, value: identity?.subject ?? null }),
    authenticate: (token) =>
      token.startsWith("good:")
        ? { ok: true, identity: { subject: token.slice(5) } }
        : { ok: false, error: `bad token ${token}` },
    ...overrides,
  });
  sessions.push(session);
  const send = async (...messages: ClientMessage[]) => {
    for (const m of messages) session.receive(JSON.stringify(m));
    await session.idle();
  };
  const last = <T extends ServerMessage["type"]>(type: T): Of<T> => {
    const found = sent.filter((m): m is Of<T> => m.type === type).at(-1);
    if (!found) throw new Error(`no ${type} was sent`);
    return found;
  };
  return { session, sent, closes, send, last };
}

const addQuery = (
  baseVersion: number,
  queryId: number,
  udfPath = "messages:list",
  args: JSONValue = {},
): ClientMessage => ({
  type: "ModifyQuerySet",
  baseVersion,
  newVersion: baseVersion + 1,
  modifications: [{ type: "Add", queryId, udfPath, args: [args] }],
});

const userAuth = (value: string, baseVersion = 0): ClientMessage => ({
  type: "Authenticate",
  tokenType: "User",
  value,
  baseVersion,
});

describe("encodeTs", () => {
  it("encodes a timestamp as base64 of its 8 little-endian bytes", () => {
    expect(encodeTs(1)).toBe("AQAAAAAAAAA=");
    expect(encodeTs(258)).toBe("AgEAAAAAAAA=");
    expect(decodeTs(encodeTs(2 ** 40 + 7))).toBe(2 ** 40 + 7);
  });
});

describe("query sets", () => {
  it("answers an added query with a Transition from the client's version carrying its result", async () => {
    const { send, last } = open();
    await send({ type: "Connect", sessionId: "s", connectionCount: 0 }, addQuery(0, 7));
    const t = last("Transition");
    expect(t.startVersion).toEqual({ querySet: 0, identity: 0, ts: encodeTs(0) });
    expect(t.endVersion.querySet).toBe(1);
    expect(t.endVersion.identity).toBe(0);
    expect(t.modifications).toEqual([
      {
        type: "QueryUpdated",
        queryId: 7,
        value: { path: "messages:list", args: {}, who: null },
        logLines: [],
        journal: null,
      },
    ]);
  });

  it("chains Transitions: each starts where the previous one ended", async () => {
    const { send, sent } = open();
    await send(addQuery(0, 1), addQuery(1, 2));
    const [first, second] = sent as Of<"Transition">[];
    expect(second!.startVersion).toEqual(first!.endVersion);
    expect(second!.endVersion.querySet).toBe(2);
  });

  it("reports a failing query as QueryFailed with its error data", async () => {
    const { send, last } = open({
      runQuery: () => ({ ok: false, errorMessage: "Uncaught boom", errorData: { kind: "X" } }),
    });
    await send(addQuery(0, 3));
    expect(last("Transition").modifications).toEqual([
      {
        type: "QueryFailed",
        queryId: 3,
        errorMessage: "Uncaught boom",
        logLines: [],
        errorData: { kind: "X" },
        journal: null,
      },
    ]);
  });

  it("removes a query with QueryRemoved and stops rerunning it", async () => {
    const runs: number[] = [];
    const deployment = createSyncDeployment();
    const { send, last, session } = open({
      deployment,
      runQuery: (_p, args) => {
        runs.push((args as { n: number }).n);
        return { ok: true, value: null };
      },
    });
    await send(addQuery(0, 1, "q:a", { n: 1 }), {
      type: "ModifyQuerySet",
      baseVersion: 1,
      newVersion: 2,
      modifications: [{ type: "Remove", queryId: 1 }],
    });
    expect(last("Transition").modifications).toEqual([{ type: "QueryRemoved", queryId: 1 }]);
    deployment.commit();
    await session.idle();
    expect(runs).toEqual([1]);
  });

  it("treats a query set change from a version the client cannot hold as fatal", async () => {
    const { send, sent, closes, session } = open();
    await send(addQuery(5, 1));
    expect(sent).toEqual([{ type: "FatalError", error: "Invalid query set base version 5" }]);
    expect(closes).toEqual([{ code: 1011, reason: "InternalServerError" }]);
    expect(session.closed).toBe(true);
  });
});

describe("authentication", () => {
  it("confirms an accepted token with identity version baseVersion + 1 and reruns queries as the user", async () => {
    const { send, last, session } = open();
    await send(addQuery(0, 1), userAuth("good:user_1"));
    const t = last("Transition");
    expect(t.startVersion.identity).toBe(0);
    expect(t.endVersion).toMatchObject({ querySet: 1, identity: 1 });
    expect(t.modifications).toMatchObject([{ queryId: 1, value: { who: "user_1" } }]);
    expect(session.identity).toEqual({ subject: "user_1" });
  });

  it("answers a rejected token with AuthError for that base version and closes 1008 InvalidAuthHeader", async () => {
    const { send, sent, closes, session } = open();
    await send(userAuth("good:user_1"), userAuth("forged", 1));
    expect(sent.at(-1)).toEqual({
      type: "AuthError",
      error: "bad token forged",
      baseVersion: 1,
      authUpdateAttempted: true,
    });
    expect(closes).toEqual([{ code: 1008, reason: "InvalidAuthHeader" }]);
    expect(session.closed).toBe(true);
  });

  it("closes with the code and reason the rejection names", async () => {
    const { send, closes } = open({
      authenticate: () => ({
        ok: false,
        error: "No auth provider found",
        close: { code: 1000, reason: "AuthError" },
      }),
    });
    await send(userAuth("anything"));
    expect(closes).toEqual([{ code: 1000, reason: "AuthError" }]);
  });

  it("signs out on tokenType None: queries rerun without an identity", async () => {
    const { send, last, session } = open();
    await send(addQuery(0, 1), userAuth("good:user_1"), {
      type: "Authenticate",
      tokenType: "None",
      baseVersion: 1,
    });
    expect(last("Transition").endVersion.identity).toBe(2);
    expect(last("Transition").modifications).toMatchObject([{ value: { who: null } }]);
    expect(session.identity).toBeNull();
  });

  it("refuses admin authentication", async () => {
    const { send, last, closes } = open();
    await send({ type: "Authenticate", tokenType: "Admin", value: "admin-key", baseVersion: 0 });
    expect(last("AuthError")).toMatchObject({ baseVersion: 0, authUpdateAttempted: true });
    expect(closes).toEqual([{ code: 1008, reason: "InvalidAuthHeader" }]);
  });

  it("handles messages strictly in order: a query added after a slow Authenticate runs as the new user", async () => {
    let release!: () => void;
    const judged = new Promise<void>((r) => (release = r));
    const { session, last } = open({
      authenticate: async (token) => {
        await judged;
        return { ok: true, identity: { subject: token } };
      },
    });
    session.receive(JSON.stringify(userAuth("user_slow")));
    session.receive(JSON.stringify(addQuery(0, 1)));
    release();
    await session.idle();
    expect(last("Transition").modifications).toMatchObject([{ value: { who: "user_slow" } }]);
    expect(last("Transition").endVersion).toMatchObject({ querySet: 1, identity: 1 });
  });

  it("drops the identity when the token expires: AuthError without an update attempt, then TokenExpired", async () => {
    const { send, sent, closes } = open({
      authenticate: () => ({ ok: true, identity: { subject: "u" }, expiresAt: Date.now() + 20 }),
    });
    await send(userAuth("good:u"));
    expect(sent.at(-1)?.type).toBe("Transition");
    await expect.poll(() => closes).toEqual([{ code: 1008, reason: "TokenExpired" }]);
    expect(sent.at(-1)).toEqual({
      type: "AuthError",
      error: "Convex token identity expired",
      baseVersion: 1,
      authUpdateAttempted: false,
    });
  });

  it("forgets a pending expiry when the client authenticates again", async () => {
    let expiresAt: number | undefined = Date.now() + 30;
    const { send, closes } = open({
      authenticate: () => ({ ok: true, identity: { subject: "u" }, expiresAt }),
    });
    await send(userAuth("good:u"));
    expiresAt = undefined;
    await send(userAuth("good:u", 1));
    await new Promise((r) => setTimeout(r, 80));
    expect(closes).toEqual([]);
  });
});

describe("mutations and actions", () => {
  it("commits a mutation: its response names the new timestamp and a Transition then reaches it", async () => {
    const deployment = createSyncDeployment();
    const { send, sent, session } = open({ deployment });
    await send(addQuery(0, 1), {
      type: "Mutation",
      requestId: 4,
      udfPath: "messages:send",
      args: [{ body: "hi" }],
    });
    await session.idle();
    const response = sent.find((m) => m.type === "MutationResponse") as Of<"MutationResponse">;
    expect(response).toMatchObject({ requestId: 4, success: true, result: "written" });
    const committed = decodeTs((response as { ts: string }).ts);
    expect(committed).toBe(deployment.ts);
    const after = sent.slice(sent.indexOf(response));
    const reaching = after.find(
      (m): m is Of<"Transition"> =>
        m.type === "Transition" && decodeTs(m.endVersion.ts) >= committed,
    );
    expect(reaching?.modifications).toMatchObject([{ type: "QueryUpdated", queryId: 1 }]);
  });

  it("reruns the queries of every session of the deployment after a commit", async () => {
    const deployment = createSyncDeployment();
    const writer = open({ deployment });
    const watcher = open({ deployment });
    await watcher.send(addQuery(0, 9));
    const before = watcher.sent.length;
    await writer.send({ type: "Mutation", requestId: 1, udfPath: "m:w", args: [{}] });
    await watcher.session.idle();
    const update = watcher.sent.slice(before).find((m) => m.type === "Transition");
    expect(update).toMatchObject({ modifications: [{ type: "QueryUpdated", queryId: 9 }] });
    expect(decodeTs((update as Of<"Transition">).endVersion.ts)).toBe(deployment.ts);
  });

  it("answers a failed mutation with its message and data and commits nothing", async () => {
    const deployment = createSyncDeployment();
    const ts = deployment.ts;
    const { send, last } = open({
      deployment,
      runMutation: () => ({ ok: false, errorMessage: "Uncaught ConvexError", errorData: { n: 1 } }),
    });
    await send({ type: "Mutation", requestId: 2, udfPath: "m:w", args: [{}] });
    expect(last("MutationResponse")).toEqual({
      type: "MutationResponse",
      requestId: 2,
      success: false,
      result: "Uncaught ConvexError",
      logLines: [],
      errorData: { n: 1 },
    });
    expect(deployment.ts).toBe(ts);
  });

  it("runs an action as the caller and lets later messages through while it runs", async () => {
    let finish!: (o: FunctionOutcome) => void;
    const { send, sent, session } = open({
      runAction: (_p, _a, identity) => {
        expect(identity).toEqual({ subject: "user_1" });
        return new Promise<FunctionOutcome>((r) => (finish = r));
      },
    });
    await send(userAuth("good:user_1"), {
      type: "Action",
      requestId: 3,
      udfPath: "a:slow",
      args: [{}],
    });
    await send(addQuery(0, 1));
    expect(sent.at(-1)).toMatchObject({ type: "Transition", endVersion: { querySet: 1 } });
    finish({ ok: true, value: "done" });
    await expect
      .poll(() => sent.at(-1))
      .toEqual({
        type: "ActionResponse",
        requestId: 3,
        success: true,
        result: "done",
        logLines: [],
      });
    await session.idle();
  });

  it("counts a successful action as a write only when actionsWrite is set", async () => {
    const quiet: SyncDeployment = createSyncDeployment();
    const writing: SyncDeployment = createSyncDeployment();
    const a = open({ deployment: quiet });
    const b = open({ deployment: writing, actionsWrite: true });
    for (const s of [a, b]) {
      await s.send({ type: "Action", requestId: 1, udfPath: "a:x", args: [{}] });
      await expect.poll(() => s.sent.some((m) => m.type === "ActionResponse")).toBe(true);
    }
    expect(quiet.ts).toBe(1);
    expect(writing.ts).toBe(2);
  });
});

describe("connection lifecycle", () => {
  it("closes on a message that is not JSON", async () => {
    const { session, closes } = open();
    session.receive("{not json");
    await session.idle();
    expect(closes).toEqual([{ code: 1008, reason: "WSMessageInvalidJson" }]);
  });

  it("sends nothing more and leaves the deployment once the socket is gone", async () => {
    const deployment = createSyncDeployment();
    const { send, sent, session } = open({ deployment });
    await send(addQuery(0, 1));
    expect(deployment.sessionCount).toBe(1);
    const count = sent.length;
    session.disconnected();
    expect(deployment.sessionCount).toBe(0);
    session.receive(JSON.stringify(addQuery(1, 2)));
    deployment.commit();
    await session.idle();
    expect(sent).toHaveLength(count);
  });

  it("pings at the given interval until closed", async () => {
    const { sent, session } = open({ pingIntervalMs: 10 });
    await expect.poll(() => sent.filter((m) => m.type === "Ping").length).toBeGreaterThan(1);
    session.close(1000, "");
    const pings = sent.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toHaveLength(pings);
  });
});
