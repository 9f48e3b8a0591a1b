// @vitest-environment jsdom
import { act, cleanup, render, waitFor } from "@testing-library/react";
import { Profiler, StrictMode, useEffect } from "react";
import { anyApi } from "convex/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { finding } from "../../src/core/catalogue.js";
import type { Diagnosis } from "../../src/core/types.js";
import type { AuthDiagnosticsHookOptions } from "../../src/react/types.js";
import { useAuthDiagnostics } from "../../src/react/useAuthDiagnostics.js";
import {
  CLIENT_ID,
  OTHER_CLIENT_ID,
  LEGACY_ISS,
  USER_MANAGEMENT_ISS,
  docsConfig,
  makeKey,
  olderDocsConfig,
  workosToken,
  type TestKey,
} from "../support/tokens.js";
import { api, serverReport, setup, type Setup } from "./harness.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_A");
});

const nowS = () => Math.floor(Date.now() / 1000);
const freshToken = (claims: Record<string, unknown> = {}) =>
  workosToken(key, { iat: nowS() - 30, exp: nowS() + 300, ...claims });
const identityOf = (sub = "user_01JTESTUSER0000000000000") => ({
  subject: sub,
  issuer: USER_MANAGEMENT_ISS(),
  tokenIdentifier: `${USER_MANAGEMENT_ISS()}|${sub}`,
});

let current: Setup | null = null;
afterEach(async () => {
  cleanup();
  await current?.close();
  current = null;
  window.history.replaceState(null, "", "/");
});

/** Renders the hook under the real providers and records every diagnosis it returns. */
function renderHook(
  s: Setup,
  options: AuthDiagnosticsHookOptions & { freshApiEachRender?: boolean } = {},
  wrap?: (n: React.ReactNode) => React.ReactNode,
) {
  current = s;
  const seen: (Diagnosis | null)[] = [];
  let renders = 0;
  function Probe() {
    // Apps pass `api.authDiagnostics` from `anyApi`-based codegen: a new object on every render.
    const apiArg = options.freshApiEachRender
      ? (anyApi.authDiagnostics as unknown as typeof api)
      : api;
    const d = useAuthDiagnostics(apiArg, {
      authKit: s.authKit.adapter,
      clientId: CLIENT_ID,
      logger: s.logger,
      ...options,
    });
    useEffect(() => {
      // StrictMode runs mount effects twice; record each distinct object once.
      if (seen[seen.length - 1] !== d) seen.push(d);
    }, [d]);
    return <span data-testid="code">{d?.headline.code ?? "none"}</span>;
  }
  const tree = (
    <Profiler id="probe" onRender={() => renders++}>
      <s.Providers>
        <Probe />
      </s.Providers>
    </Profiler>
  );
  const utils = render(wrap ? wrap(tree) : tree);
  const latest = () => seen[seen.length - 1] ?? null;
  const waitForCode = (code: string) =>
    waitFor(() => expect(latest()?.headline.code).toBe(code), { timeout: 5000 });
  const waitForFinding = (code: string) =>
    waitFor(() => expect(latest()?.findings.map((f) => f.code)).toContain(code), { timeout: 5000 });
  return { ...utils, seen, latest, waitForCode, waitForFinding, renders: () => renders };
}

const codes = (d: Diagnosis | null) => d?.findings.map((f) => f.code) ?? [];

describe("useAuthDiagnostics with the real ConvexReactClient", () => {
  it("reports a signed-out user and never asks AuthKit for a token", async () => {
    const s = setup({ authKit: { user: null }, report: () => serverReport({}) });
    const h = renderHook(s);
    await h.waitForCode("AUTHKIT_SIGNED_OUT");
    expect(s.authKit.calls()).toBe(0);
    expect(s.server.tokens).toHaveLength(0);
  });

  it("reports AuthKit loading while it restores the session", async () => {
    const s = setup({ authKit: { isLoading: true }, report: () => serverReport({}) });
    const h = renderHook(s);
    await h.waitForCode("AUTHKIT_LOADING");
    expect(s.authKit.calls()).toBe(0);
  });

  it("confirms an accepted token once Convex authenticates", async () => {
    const token = await freshToken();
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: true, identity: identityOf() }),
      report: (_a, identity) => serverReport({ identity: identity as Record<string, unknown> }),
    });
    const h = renderHook(s);
    await h.waitForCode("AUTHENTICATED");
    expect(h.latest()!.ok).toBe(true);
    expect(s.server.tokens).toContain(token);
    // The token's claims are decoded for display, never the token itself.
    expect(JSON.stringify(h.latest())).not.toContain(token);
  });

  it("captures the server's rejection text through the logger and names the cause", async () => {
    const token = await freshToken({ iss: LEGACY_ISS });
    const serverText =
      "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/user_management/client_X, app_id=none)]";
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: serverText }),
      report: () => serverReport({}),
    });
    const h = renderHook(s, { probe: false });
    await waitFor(() => expect(s.logger.getSnapshot().serverErrors).toContain(serverText), {
      timeout: 5000,
    });
    await h.waitForFinding("CONVEX_REJECTED");
    await h.waitForFinding("AUDIENCE_MISSING");
    const rejected = h.latest()!.findings.find((f) => f.code === "CONVEX_REJECTED")!;
    expect(rejected.message).toContain("No auth provider found matching the given token");
    // The legacy issuer requires aud = client ID and the token has none.
    expect(codes(h.latest())).toContain("AUDIENCE_MISSING");
    expect(h.latest()!.ok).toBe(false);
  });

  it("names the wrong client ID when the app and deployment disagree", async () => {
    const token = await freshToken({ iss: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID) });
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
      report: () =>
        serverReport({ providers: docsConfig(CLIENT_ID), env: { WORKOS_CLIENT_ID: CLIENT_ID } }),
    });
    const h = renderHook(s, { clientId: OTHER_CLIENT_ID, probe: false });
    await h.waitForCode("CLIENT_ID_MISMATCH");
    const f = h.latest()!.headline;
    expect(f.evidence.clientId).toBe(OTHER_CLIENT_ID);
    expect(f.evidence.serverClientId).toBe(CLIENT_ID);
  });

  it("explains a missing aud when the provider demands applicationID", async () => {
    const token = await freshToken();
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
      report: () => serverReport({ providers: olderDocsConfig() }),
    });
    const h = renderHook(s, { probe: false });
    await waitFor(() => expect(codes(h.latest())).toContain("AUDIENCE_MISSING"), { timeout: 5000 });
    expect(h.latest()!.headline.severity).toBe("error");
  });

  it("reports a deployed provider naming another client when the deployment has no WORKOS_CLIENT_ID", async () => {
    const token = await freshToken();
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({
        ok: false,
        error:
          "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.",
      }),
      report: () =>
        serverReport({ providers: docsConfig(OTHER_CLIENT_ID), env: { WORKOS_CLIENT_ID: null } }),
    });
    const h = renderHook(s, { probe: false });
    await waitFor(() => expect(codes(h.latest())).toContain("CLIENT_ID_MISMATCH"), {
      timeout: 5000,
    });
    const mismatch = h.latest()!.findings.find((f) => f.code === "CLIENT_ID_MISMATCH")!;
    expect(mismatch.evidence).toMatchObject({ serverClientId: OTHER_CLIENT_ID });
    expect(mismatch.message).toContain("`WORKOS_CLIENT_ID` is not set");
  });

  it("reads ?error= left on the redirect URI by WorkOS", async () => {
    window.history.replaceState(
      null,
      "",
      "/callback?error=access_denied&error_description=User%20cancelled",
    );
    const s = setup({ authKit: { user: null }, report: () => serverReport({}) });
    const h = renderHook(s);
    await h.waitForCode("AUTHKIT_CALLBACK_ERROR");
    expect(h.latest()!.headline.message).toContain("access_denied");
  });

  it("keeps reporting a sign-in code AuthKit removed from the URL without signing anyone in", async () => {
    window.history.replaceState(null, "", "/?code=01JCODE&state=%7B%7D");
    const s = setup({ authKit: { user: null, isLoading: true }, report: () => serverReport({}) });
    const h = renderHook(s, { redirectUri: `${window.location.origin}/` });
    // What authkit-js does after a failed exchange: clean the URL, stop loading, no user.
    act(() => window.history.replaceState(null, "", "/"));
    act(() => s.authKit.set({ isLoading: false }));
    await h.waitForCode("CODE_EXCHANGE_FAILED");
  });

  it("forgets the landing code once someone signed in, so a later sign-out is just signed out", async () => {
    window.history.replaceState(null, "", "/?code=01JCODE&state=%7B%7D");
    const s = setup({ authKit: { user: null, isLoading: true }, report: () => serverReport({}) });
    const h = renderHook(s, { redirectUri: `${window.location.origin}/`, probe: false });
    const token = await freshToken();
    act(() => window.history.replaceState(null, "", "/"));
    act(() =>
      s.authKit.set({ isLoading: false, user: { id: "user_01JTESTUSER0000000000000" }, token }),
    );
    await waitFor(() => expect(h.latest()?.headline.code).not.toBe("AUTHKIT_LOADING"), {
      timeout: 5000,
    });
    act(() => s.authKit.set({ user: null, token: undefined }));
    await h.waitForCode("AUTHKIT_SIGNED_OUT");
    expect(codes(h.latest())).not.toContain("CODE_EXCHANGE_FAILED");
  });

  it("flags an expired token and names the server's expiry text", async () => {
    const token = await workosToken(key, { iat: nowS() - 600, exp: nowS() - 120 });
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({
        ok: false,
        error: "Could not validate token: Token expired 120 seconds ago",
      }),
      report: () => serverReport({}),
    });
    const h = renderHook(s, { probe: false });
    await waitFor(() => expect(codes(h.latest())).toContain("TOKEN_EXPIRED"), { timeout: 5000 });
  });

  it("reports clock skew between browser and server", async () => {
    const s = setup({
      authKit: { user: null },
      report: () => serverReport({ serverTime: Date.now() - 5 * 60_000 }),
    });
    const h = renderHook(s);
    await waitFor(() => expect(codes(h.latest())).toContain("CLOCK_SKEW"), { timeout: 5000 });
    const skew = h.latest()!.findings.find((f) => f.code === "CLOCK_SKEW")!;
    expect(skew.message).toContain("s ahead of the server's");
  });

  it("turns a getAccessToken failure into a finding instead of an exception", async () => {
    const s = setup({
      authKit: {
        user: { id: "user_01JTESTUSER0000000000000" },
        token: () =>
          Promise.reject(
            Object.assign(new Error("Refresh token invalid"), { name: "RefreshError" }),
          ),
      },
      report: () => serverReport({}),
    });
    const h = renderHook(s);
    await waitFor(() => expect(codes(h.latest())).toContain("ACCESS_TOKEN_UNAVAILABLE"), {
      timeout: 5000,
    });
    expect(codes(h.latest())).toContain("AUTHKIT_USER_STALE");
    expect(
      h.latest()!.findings.find((f) => f.code === "ACCESS_TOKEN_UNAVAILABLE")!.message,
    ).toContain("RefreshError");
  });

  it("probes a rejected token once with verifyToken and uses its verdict", async () => {
    const token = await freshToken();
    let probes = 0;
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
      report: () => serverReport({ providers: olderDocsConfig() }),
      verifyToken: (args) => {
        probes++;
        expect(args.token).toBe(token);
        return {
          verdict: "rejected",
          code: "KEY_NOT_FOUND",
          providerIndex: 1,
          convexMessage:
            "Could not decode token. The JWT's 'kid' (key ID) header is 'key_A', does this key match any key in the provider's JWKS?",
          convexCode: null,
          identity: null,
          findings: [
            finding("KEY_NOT_FOUND", {
              kid: "key_A",
              jwks: "https://api.workos.com/sso/jwks/x",
              kids: ["key_B"],
            }) as never,
          ],
        };
      },
    });
    const h = renderHook(s);
    await waitFor(() => expect(codes(h.latest())).toContain("KEY_NOT_FOUND"), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(probes).toBe(1);
  });

  it("sends the verifyToken probe again when the connection dropped it after the auth error", async () => {
    const token = await freshToken();
    let probes = 0;
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
      report: () => serverReport({ providers: olderDocsConfig() }),
      verifyToken: () => {
        probes++;
        // What the Convex client reports for an action in flight when the socket closes.
        if (probes === 1) throw new Error("Connection lost while action was in flight");
        return {
          verdict: "rejected",
          code: "KEY_NOT_FOUND",
          providerIndex: 1,
          convexMessage:
            "Could not decode token. The JWT's 'kid' (key ID) header is 'key_A', does this key match any key in the provider's JWKS?",
          convexCode: null,
          identity: null,
          findings: [
            finding("KEY_NOT_FOUND", {
              kid: "key_A",
              jwks: "https://api.workos.com/sso/jwks/x",
              kids: ["key_B"],
            }) as never,
          ],
        };
      },
    });
    const h = renderHook(s);
    await waitFor(() => expect(codes(h.latest())).toContain("KEY_NOT_FOUND"), { timeout: 5000 });
    expect(probes).toBe(2);
  });

  it("probes over HTTP and reads the 401 body when there is no verifyToken", async () => {
    const token = await freshToken();
    const requests: { url: string; auth: string | null }[] = [];
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      requests.push({ url, auth: new Headers(init?.headers).get("authorization") });
      return new Response(
        JSON.stringify({
          code: "NoAuthProvider",
          message: "No auth provider found matching the given token",
        }),
        { status: 401 },
      );
    }) as typeof fetch;
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
      report: () => serverReport({}),
    });
    s.logger.clear();
    const h = renderHook(s, { fetch: fakeFetch, probe: "http", logger: null });
    await waitFor(() => expect(codes(h.latest())).toContain("CONVEX_REJECTED"), { timeout: 5000 });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(`${s.server.url}/api/query`);
    expect(requests[0]!.auth).toBe(`Bearer ${token}`);
  });

  it("reports NO_TOKEN_SENT when a plain ConvexProvider never hands Convex a token", async () => {
    const token = await freshToken();
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      report: () => serverReport({}),
      withAuthProvider: "plain",
    });
    const h = renderHook(s, { probe: false });
    await h.waitForCode("NO_TOKEN_SENT");
  });

  it("blames the app's useAuth bridge, not the wiring, when ConvexProviderWithAuth never gets a token", async () => {
    const token = await freshToken();
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      report: () => serverReport({}),
      withAuthProvider: false,
    });
    const h = renderHook(s, { probe: false });
    await h.waitForCode("CONVEX_GOT_NO_TOKEN");
    expect(codes(h.latest())).not.toContain("NO_TOKEN_SENT");
  });

  it("reports a missing diagnoseAuth function as an unavailable server report, without a render loop", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const s = setup({ authKit: { user: null } });
      const h = renderHook(s, { freshApiEachRender: true });
      await waitFor(() => expect(codes(h.latest())).toContain("SERVER_REPORT_UNAVAILABLE"), {
        timeout: 5000,
      });
      expect(
        h.latest()!.findings.find((f) => f.code === "SERVER_REPORT_UNAVAILABLE")!.message,
      ).toContain("Could not find public function");
      const settled = h.renders();
      await new Promise((r) => setTimeout(r, 300));
      expect(h.renders() - settled).toBeLessThanOrEqual(2);
      expect(errors.mock.calls.map((c) => String(c[0])).join("\n")).not.toContain(
        "Maximum update depth",
      );
    } finally {
      errors.mockRestore();
    }
  });

  it("survives a StrictMode mount and a full remount, reading the token once per mount", async () => {
    const token = await freshToken();
    let ours = 0;
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: true, identity: identityOf() }),
      report: (_a, identity) => serverReport({ identity: identity as Record<string, unknown> }),
    });
    const counting = () => {
      const snap = s.authKit.adapter();
      return {
        ...snap,
        getAccessToken: async (o?: { forceRefresh?: boolean }) => (ours++, snap.getAccessToken!(o)),
      };
    };
    const h = renderHook(s, { authKit: counting }, (n) => <StrictMode>{n}</StrictMode>);
    await h.waitForFinding("AUTHENTICATED");
    expect(ours).toBe(1);
    h.unmount();
    const again = renderHook(s, { authKit: counting }, (n) => <StrictMode>{n}</StrictMode>);
    await again.waitForFinding("AUTHENTICATED");
    expect(again.latest()!.ok).toBe(true);
    expect(ours).toBe(2);
  });

  it("does not re-render in a storm and calls getAccessToken once per session", async () => {
    const token = await freshToken();
    let ours = 0;
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: true, identity: identityOf() }),
      report: (_a, identity) => serverReport({ identity: identity as Record<string, unknown> }),
    });
    const counting = () => {
      const snap = s.authKit.adapter();
      return {
        ...snap,
        getAccessToken: async (o?: { forceRefresh?: boolean }) => (ours++, snap.getAccessToken!(o)),
      };
    };
    const h = renderHook(s, { authKit: counting }, (n) => <StrictMode>{n}</StrictMode>);
    await h.waitForFinding("AUTHENTICATED");
    await new Promise((r) => setTimeout(r, 300));
    const settled = h.renders();
    await new Promise((r) => setTimeout(r, 300));
    expect(h.renders()).toBe(settled);
    expect(settled).toBeLessThan(40);
    expect(ours).toBe(1);
    // Every published diagnosis differs from the previous one (content comparison).
    const keys = h.seen.map((d) => JSON.stringify(d && { ...d, generatedAt: 0, token: null }));
    for (let i = 1; i < keys.length; i++) expect(keys[i]).not.toBe(keys[i - 1]);
  });

  it("turns a throwing adapter into AUTHKIT_UNAVAILABLE without crashing the app", async () => {
    const s = setup({ authKit: { user: null }, report: () => serverReport({}) });
    const h = renderHook(s, {
      authKit: () => {
        throw new Error("adapter exploded");
      },
    });
    await waitFor(() => expect(codes(h.latest())).toContain("AUTHKIT_UNAVAILABLE"), {
      timeout: 5000,
    });
    expect(h.getByTestId("code").textContent).not.toBe("");
  });

  it("re-reads the token after a rejection, not in a loop", async () => {
    const token = await freshToken();
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
      report: () => serverReport({}),
    });
    let ours = 0;
    const counting = () => {
      const snap = s.authKit.adapter();
      return { ...snap, getAccessToken: async () => (ours++, snap.getAccessToken!()) };
    };
    const h = renderHook(s, { authKit: counting, probe: false });
    await waitFor(() => expect(codes(h.latest())).toContain("CONVEX_REJECTED"), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    const rejections = s.logger.getSnapshot().rejections;
    expect(ours).toBeLessThanOrEqual(1 + rejections);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(ours).toBeLessThanOrEqual(1 + s.logger.getSnapshot().rejections);
  });

  it("stores each distinct diagnosis once with reportDiagnosis when report is on, without the token", async () => {
    const token = await freshToken();
    const stored: Record<string, unknown>[] = [];
    const s = setup({
      authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
      authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
      report: () => serverReport({ providers: olderDocsConfig() }),
      reportDiagnosis: (args) => {
        stored.push(args as Record<string, unknown>);
        return { ok: true };
      },
    });
    const h = renderHook(s, { report: true, probe: false });
    await h.waitForCode("AUDIENCE_MISSING");
    await waitFor(() => expect(stored.at(-1)?.headline).toBe("AUDIENCE_MISSING"), {
      timeout: 5000,
    });
    const last = stored.at(-1)!;
    expect(last.codes).toContain("AUDIENCE_MISSING");
    expect((last.claims as Record<string, unknown>).sub).toBe("user_01JTESTUSER0000000000000");
    expect(JSON.stringify(stored)).not.toContain(token.split(".")[2]);
    const distinct = new Set(stored.map((r) => `${r.headline}|${(r.codes as string[]).join(",")}`));
    expect(distinct.size).toBe(stored.length);
  });

  it("never calls reportDiagnosis unless report is on", async () => {
    let calls = 0;
    const s = setup({
      authKit: { user: null },
      report: () => serverReport({}),
      reportDiagnosis: () => {
        calls++;
        return null;
      },
    });
    const h = renderHook(s);
    await h.waitForCode("AUTHKIT_SIGNED_OUT");
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(0);
  });

  it("treats a diagnoseAuth answer of another shape (an older server) as an unavailable report", async () => {
    const s = setup({ authKit: { user: null }, report: () => ({ hello: "old server" }) as never });
    const h = renderHook(s);
    await waitFor(() => expect(codes(h.latest())).toContain("SERVER_REPORT_UNAVAILABLE"), {
      timeout: 5000,
    });
    expect(
      h.latest()!.findings.find((f) => f.code === "SERVER_REPORT_UNAVAILABLE")!.message,
    ).toContain("not a server report");
  });
});
