import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { checkToken } from "../../src/core/index.js";
import { olderDocsAuthConfigPath } from "../../demo/backend.js";
import { fixtureBackend as backend } from "../support/fixtureBackend.js";
import { startConvexStandin, type ConvexStandin } from "../../demo/convexStandin.js";
import { startWorkosIssuer, type LocalWorkosIssuer } from "../../demo/workosIssuer.js";

const list = makeFunctionReference<
  "query",
  Record<string, never>,
  { body: string; author: string | null }[]
>("messages:list");
const whoami = makeFunctionReference<
  "query",
  Record<string, never>,
  { subject: string; issuer: string; org_id: string | null } | null
>("messages:whoami");
const send = makeFunctionReference<"mutation", { body: string }, null>("messages:send");
const echoIdentity = makeFunctionReference<"action", Record<string, never>, string | null>(
  "messages:echoIdentity",
);

const OTHER_CLIENT = "client_01JSOMEOTHERCLIENT000000000";

let issuer: LocalWorkosIssuer;
let convex: ConvexStandin;
const clients: ConvexReactClient[] = [];

beforeAll(async () => {
  issuer = await startWorkosIssuer();
  convex = await startConvexStandin({
    backend,
    env: { WORKOS_CLIENT_ID: issuer.clientId },
    workos: issuer,
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  issuer.resetScenario();
  await convex.configure({
    env: { WORKOS_CLIENT_ID: issuer.clientId },
    deployedProviders: undefined,
    authConfigPath: undefined,
    cachedJwks: undefined,
  });
});

afterAll(async () => {
  await convex?.close();
  await issuer?.close();
});

/** A real ConvexReactClient over a real WebSocket, with a logger that records what it says. */
function connect() {
  const lines: string[] = [];
  const record = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  const client = new ConvexReactClient(convex.url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    unsavedChangesWarning: false,
    logger: { log: record, warn: record, error: record, logVerbose: record },
  });
  clients.push(client);
  return { client, lines };
}

async function waitFor<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Calls setAuth and resolves with the first onChange verdict. */
function authenticate(client: ConvexReactClient, token: string | null): Promise<boolean> {
  return new Promise((resolve) => client.setAuth(async () => token, resolve));
}

describe("sync protocol with the real ConvexReactClient", () => {
  it("answers an unauthenticated query over the WebSocket", async () => {
    const { client } = connect();
    expect(await client.query(whoami, {})).toBeNull();
    expect(Array.isArray(await client.query(list, {}))).toBe(true);
  });

  it("accepts a good token, confirms the new identity version and shows the identity to queries", async () => {
    const { client } = connect();
    const token = await issuer.mintAccessToken();
    expect(await authenticate(client, token)).toBe(true);
    const watch = client.watchQuery(whoami, {});
    const unsubscribe = watch.onUpdate(() => {});
    const me = await waitFor(() => watch.localQueryResult(), "whoami");
    unsubscribe();
    expect(me.subject).toBe(issuer.scenario.user.id);
    expect(me.issuer).toBe(issuer.issuer);
    expect(me.org_id).toBe(issuer.scenario.organizationId);
    expect(convex.decisions.at(-1)).toMatchObject({
      transport: "websocket",
      verdict: "accepted",
      code: "TOKEN_ACCEPTED",
    });
  });

  it("runs a mutation, resolves it after the Transition and pushes the new result to subscribers", async () => {
    const { client } = connect();
    const watch = client.watchQuery(list, {});
    const updates: number[] = [];
    const unsubscribe = watch.onUpdate(() => updates.push(watch.localQueryResult()?.length ?? -1));
    const before = await client.query(list, {});
    const body = `hello ${Date.now()}`;
    await client.mutation(send, { body });
    const after = await waitFor(
      () => watch.localQueryResult()?.some((m) => m.body === body) && watch.localQueryResult(),
      "updated list",
    );
    expect(after.length).toBe(before.length + 1);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    unsubscribe();
  });

  it("runs an action with the caller's identity", async () => {
    const { client } = connect();
    await authenticate(client, await issuer.mintAccessToken());
    expect(await client.action(echoIdentity, {})).toBe(issuer.scenario.user.id);
  });

  it("rejects a ConvexError mutation with its data", async () => {
    const { client } = connect();
    await expect(client.mutation(send, { body: "" })).rejects.toMatchObject({
      data: { kind: "EMPTY_BODY" },
    });
  });

  it("sends the exact text checkToken predicts when the deployment has another WORKOS_CLIENT_ID", async () => {
    await convex.configure({ env: { WORKOS_CLIENT_ID: OTHER_CLIENT } });
    const token = await issuer.mintAccessToken();
    const predicted = await checkToken(token, convex.providers, {
      fetch: (u) => issuer.handleWorkosUrl(u),
    });
    expect(predicted.verdict).toBe("rejected");
    expect(predicted.code).toBe("ISSUER_MISMATCH");

    const { client, lines } = connect();
    expect(await authenticate(client, token)).toBe(false);
    // The client logs `attempting to reauthenticate: <server text> [v<config version>]`.
    const line = lines.find((l) => l.includes("attempting to reauthenticate: "));
    expect(line).toBeDefined();
    const serverText = /attempting to reauthenticate: (.*) \[v\d+\]$/.exec(line!)?.[1];
    expect(serverText).toBe(predicted.convexMessage);
    expect(convex.decisions.at(-1)).toMatchObject({
      verdict: "rejected",
      code: "ISSUER_MISMATCH",
      convexMessage: predicted.convexMessage,
    });
  });

  it("fails the push and keeps no providers when WORKOS_CLIENT_ID is missing", async () => {
    const evaluation = await convex.configure({
      env: { WORKOS_CLIENT_ID: undefined },
      deployedProviders: [],
    });
    expect(evaluation).toMatchObject({ status: "env-unset", unsetNames: ["WORKOS_CLIENT_ID"] });
    expect(convex.pushError).toBe(
      "Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set",
    );
    const { client, lines } = connect();
    expect(await authenticate(client, await issuer.mintAccessToken())).toBe(false);
    expect(lines.join("\n")).toContain(
      "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.",
    );
  });

  it("keeps the providers of the last good push when a push fails", async () => {
    const before = convex.providers;
    await convex.configure({ env: {} });
    expect(convex.pushError).toMatch(/^Environment variable WORKOS_CLIENT_ID is used/);
    expect(convex.providers).toEqual(before);
    const { client } = connect();
    expect(await authenticate(client, await issuer.mintAccessToken())).toBe(true);
  });

  it("reports an auth config that throws as the push error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "standin-config-"));
    try {
      const file = join(dir, "auth.config.ts");
      writeFileSync(
        file,
        'throw new Error("config exploded");\nexport default { providers: [] };\n',
      );
      const result = await convex.configure({ authConfigPath: file });
      expect(result.status).toBe("error");
      expect(convex.pushError).toMatch(
        /^auth\.config\.ts could not be evaluated: .*config exploded/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("judges against a stale providers list when the config was never pushed", async () => {
    await convex.configure({
      deployedProviders: [
        { domain: "https://example.clerk.accounts.dev", applicationID: "convex" },
      ],
    });
    const { client } = connect();
    expect(await authenticate(client, await issuer.mintAccessToken())).toBe(false);
    expect(convex.decisions.at(-1)).toMatchObject({ code: "ISSUER_MISMATCH" });
    expect(convex.decisions.at(-1)?.convexMessage).toContain(
      "OIDC(domain=https://example.clerk.accounts.dev",
    );
  });

  it("rejects WorkOS tokens without aud under the older docs config (AUDIENCE_MISSING)", async () => {
    await convex.configure({ authConfigPath: olderDocsAuthConfigPath });
    const { client } = connect();
    expect(await authenticate(client, await issuer.mintAccessToken())).toBe(false);
    expect(convex.decisions.at(-1)).toMatchObject({ code: "AUDIENCE_MISSING" });
  });

  it("rejects a token signed with a key that is not in the JWKS with Convex's kid text", async () => {
    issuer.setScenario({ signingKey: "unpublished" });
    const { client, lines } = connect();
    expect(await authenticate(client, await issuer.mintAccessToken())).toBe(false);
    expect(convex.decisions.at(-1)).toMatchObject({ code: "KEY_NOT_FOUND" });
    expect(lines.join("\n")).toMatch(
      /The JWT's 'kid' \(key ID\) header is 'key_01JLOCALROTATEDOUT00000000'/,
    );
  });

  it("judges with the key set it cached before the issuer rotated its key", async () => {
    const before = issuer.jwks();
    issuer.setScenario({ signingKey: "rotated" });
    const token = await issuer.mintAccessToken();
    // The issuer publishes the new key; the deployment still holds the old key set.
    await convex.configure({ cachedJwks: before });
    const { client, lines } = connect();
    expect(await authenticate(client, token)).toBe(false);
    expect(convex.decisions.at(-1)).toMatchObject({ code: "KEY_NOT_FOUND" });
    expect(lines.join("\n")).toMatch(/header is 'key_01JLOCALROTATEDIN000000000'/);
    // Once the cache is gone, the same token passes.
    await convex.configure({ cachedJwks: undefined });
    const second = connect();
    expect(await authenticate(second.client, token)).toBe(true);
  });

  it("rejects an expired token with the seconds Convex reports", async () => {
    issuer.setScenario({ tokenLifetimeSeconds: -120 });
    const { client, lines } = connect();
    expect(await authenticate(client, await issuer.mintAccessToken())).toBe(false);
    expect(convex.decisions.at(-1)).toMatchObject({ code: "TOKEN_EXPIRED" });
    expect(lines.join("\n")).toMatch(/Could not validate token: Token expired 1[12]\d seconds ago/);
  });
});

describe("HTTP API", () => {
  it("runs a query without a token", async () => {
    const http = new ConvexHttpClient(convex.url);
    expect(await http.query(whoami, {})).toBeNull();
  });

  it("runs a query with an accepted token as that identity", async () => {
    const http = new ConvexHttpClient(convex.url);
    http.setAuth(await issuer.mintAccessToken());
    expect((await http.query(whoami, {}))?.subject).toBe(issuer.scenario.user.id);
    expect(convex.decisions.at(-1)).toMatchObject({ transport: "http", verdict: "accepted" });
  });

  it("answers 401 with {code, message} for a rejected token", async () => {
    await convex.configure({ env: { WORKOS_CLIENT_ID: OTHER_CLIENT } });
    const token = await issuer.mintAccessToken();
    const predicted = await checkToken(token, convex.providers, {
      fetch: (u) => issuer.handleWorkosUrl(u),
      transport: "http",
    });
    const res = await fetch(`${convex.url}/api/query`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ path: "messages:whoami", args: [{}], format: "convex_encoded_json" }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: "NoAuthProvider", message: predicted.convexMessage });
  });

  it("reports a failing function with status 560 and the ConvexError data", async () => {
    const res = await fetch(`${convex.url}/api/mutation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        path: "messages:send",
        args: [{ body: "" }],
        format: "convex_encoded_json",
      }),
    });
    expect(res.status).toBe(560);
    expect(await res.json()).toMatchObject({ status: "error", errorData: { kind: "EMPTY_BODY" } });
  });

  it("answers CORS preflights for browser clients", async () => {
    const res = await fetch(`${convex.url}/api/query`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
  });
});
