import { componentsGeneric } from "convex/server";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import type { ComponentApi } from "../../src/component/_generated/component.js";
import { decodeToken } from "../../src/core/index.js";
import { findSecretLike } from "../../src/core/secrets.js";
import { CLIENT_ID, docsConfig, makeKey, workosToken, type TestKey } from "../support/tokens.js";
import { authConfig, REPORT_LIMITS } from "./app/diagnostics.js";
import { app, testApp } from "./setup.js";

const components = componentsGeneric() as unknown as {
  authDiagnostics: ComponentApi<"authDiagnostics">;
};
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

let key: TestKey;
let token: string;
let claims: Record<string, unknown>;
let header: Record<string, unknown>;

beforeAll(async () => {
  key = await makeKey("key_live_1");
  token = await workosToken(key);
  const decoded = decodeToken(token);
  if (!decoded.ok) throw new Error("test token does not decode");
  claims = decoded.token.payload;
  header = decoded.token.header!;
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  authConfig.providers = docsConfig();
});
afterEach(() => {
  vi.useRealTimers();
});

function report(sessionId: string, extra: Record<string, unknown> = {}) {
  return {
    headline: "AUDIENCE_MISSING",
    codes: ["AUDIENCE_MISSING", "PROVIDER_NOT_MATCHED"],
    ok: false,
    claims,
    tokenHeader: header,
    clientId: CLIENT_ID,
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36",
    clientTime: T0 - 1500,
    sessionId,
    ...extra,
  };
}

/** The client key a session id is stored under: a hash, never the id itself. */
async function sessionKey(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sessionId));
  const hex = Array.from(new Uint8Array(digest).slice(0, 16), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  return `session:${hex}`;
}

const allRows = (t: Pick<ReturnType<typeof testApp>, "query">) =>
  t.query(components.authDiagnostics.reports.list, { limit: 100 });

describe("stored reports are off unless the app enables them", () => {
  test("the default options refuse to store and list nothing", async () => {
    const t = testApp();
    const result = await t.mutation(app.diagnostics.reportDiagnosis, report("session-aaaa"));
    expect(result).toMatchObject({ ok: false, reason: "disabled" });
    expect(await t.query(app.diagnostics.recentReports, { sessionId: "session-aaaa" })).toEqual([]);
    expect(await allRows(t)).toEqual([]);
  });
});

describe("storing and reading reports", () => {
  test("a redacted report is stored with its codes, claims and header, readable by its sender only", async () => {
    const t = testApp();
    const result = await t.mutation(
      app.diagnostics.reportingReportDiagnosis,
      report("session-aaaa"),
    );
    expect(result.ok).toBe(true);
    const mine = await t.query(app.diagnostics.reportingRecentReports, {
      sessionId: "session-aaaa",
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      headline: "AUDIENCE_MISSING",
      codes: ["AUDIENCE_MISSING", "PROVIDER_NOT_MATCHED"],
      ok: false,
      claims: { iss: claims.iss, sub: claims.sub, exp: claims.exp },
      tokenHeader: { alg: "RS256", kid: "key_live_1" },
      clientId: CLIENT_ID,
      clientTime: T0 - 1500,
      clientKey: await sessionKey("session-aaaa"),
      expiresAt: T0 + REPORT_LIMITS.ttlMs,
    });
    expect(JSON.stringify(mine)).not.toContain("session-aaaa");
    expect(
      await t.query(app.diagnostics.reportingRecentReports, { sessionId: "session-bbbb" }),
    ).toEqual([]);
    expect(await t.query(app.diagnostics.reportingRecentReports, {})).toEqual([]);
  });

  test("signed-in callers are keyed by their identity, and see their reports without a session id", async () => {
    const t = testApp().withIdentity({ subject: "user_1", issuer: "https://api.workos.com/" });
    expect(
      (await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-aaaa"))).ok,
    ).toBe(true);
    const mine = await t.query(app.diagnostics.reportingRecentReports, {});
    expect(mine.map((r) => r.clientKey)).toEqual(["user:https://api.workos.com/|user_1"]);
  });

  test("the user agent the server saw wins over the client's, and an anonymous caller is keyed by a hash of its IP", async () => {
    const t = testApp().withRequestMetadata({
      ip: "203.0.113.7",
      userAgent: "ServerSeenAgent/1.0",
    });
    const { sessionId: _omit, ...withoutSession } = report("unused-id");
    expect((await t.mutation(app.diagnostics.reportingReportDiagnosis, withoutSession)).ok).toBe(
      true,
    );
    const [row] = await allRows(t);
    expect(row!.userAgent).toBe("ServerSeenAgent/1.0");
    expect(row!.clientKey).toMatch(/^ip:[0-9a-f]{8}$/);
    expect(JSON.stringify(row)).not.toContain("203.0.113.7");
  });

  test("no stored field contains the token, its signature or anything JWT-shaped", async () => {
    const t = testApp();
    await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-aaaa"));
    const rows = await allRows(t);
    const json = JSON.stringify(rows);
    expect(json).not.toContain(token);
    expect(json).not.toContain(token.split(".")[2]!);
    expect(findSecretLike(rows)).toBeNull();
  });
});

describe("reading reports", () => {
  test("any number is a usable limit: NaN and infinities read the default or the bounds, never throw", async () => {
    const t = testApp();
    await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-aaaa"));
    for (const limit of [NaN, Infinity, -Infinity, -5, 0, 0.5, 1e12]) {
      expect(
        await t.query(app.diagnostics.reportingRecentReports, { sessionId: "session-aaaa", limit }),
        String(limit),
      ).toHaveLength(1);
    }
  });
});

describe("limits", () => {
  test("a report larger than maxBytes is refused and nothing is stored", async () => {
    const t = testApp();
    const result = await t.mutation(
      app.diagnostics.reportingReportDiagnosis,
      report("session-aaaa", { claims: { ...claims, padding: "x".repeat(1500) } }),
    );
    expect(result).toMatchObject({ ok: false, reason: "too_large" });
    expect(await allRows(t)).toEqual([]);
  });

  test("the size limit counts as Convex does: 100 small numbers cost 900 bytes, not 200", async () => {
    const t = testApp();
    const result = await t.mutation(app.diagnostics.reportingReportDiagnosis, {
      headline: "TOKEN_EXPIRED",
      codes: ["TOKEN_EXPIRED"],
      claims: { n: Array(100).fill(0) },
      sessionId: "session-aaaa",
    });
    expect(result).toMatchObject({ ok: false, reason: "too_large" });
    expect(await allRows(t)).toEqual([]);
  });

  test("a 1 MB report is refused cheaply and nothing is stored", async () => {
    const t = testApp();
    const result = await t.mutation(
      app.diagnostics.reportingReportDiagnosis,
      report("session-aaaa", { userAgent: "u".repeat(1024 * 1024) }),
    );
    expect(result).toMatchObject({ ok: false, reason: "too_large" });
    expect(await allRows(t)).toEqual([]);
  });

  test("per client: the third report within a minute is rate limited, with when to retry", async () => {
    const t = testApp();
    expect(
      (await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-aaaa"))).ok,
    ).toBe(true);
    vi.setSystemTime(T0 + 10_000);
    expect(
      (await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-aaaa"))).ok,
    ).toBe(true);
    vi.setSystemTime(T0 + 20_000);
    const third = await t.mutation(
      app.diagnostics.reportingReportDiagnosis,
      report("session-aaaa"),
    );
    expect(third).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(third.ok === false && third.retryAfterMs).toBe(40_000);
    // Another client is not affected; the same client may report again once the window passed.
    expect(
      (await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-bbbb"))).ok,
    ).toBe(true);
    vi.setSystemTime(T0 + 61_000);
    expect(
      (await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-aaaa"))).ok,
    ).toBe(true);
  });

  test("globally: more than globalPerMinute reports from many clients are rate limited", async () => {
    const t = testApp();
    const results = [];
    for (let i = 0; i < REPORT_LIMITS.globalPerMinute + 2; i++) {
      vi.setSystemTime(T0 + i * 1000);
      results.push(
        await t.mutation(
          app.diagnostics.reportingReportDiagnosis,
          report(`session-${String(i).padStart(4, "0")}`),
        ),
      );
    }
    expect(results.filter((r) => r.ok)).toHaveLength(REPORT_LIMITS.globalPerMinute);
    expect(
      results
        .slice(REPORT_LIMITS.globalPerMinute)
        .every((r) => !r.ok && r.reason === "rate_limited"),
    ).toBe(true);
  });

  test("at most maxRows rows are kept: the oldest are dropped", async () => {
    const t = testApp();
    const sessions = Array.from(
      { length: REPORT_LIMITS.maxRows + 3 },
      (_, i) => `session-${String(i).padStart(4, "0")}`,
    );
    for (const [i, s] of sessions.entries()) {
      vi.setSystemTime(T0 + i * 16_000); // one client each, within the global limit and the expiry
      expect((await t.mutation(app.diagnostics.reportingReportDiagnosis, report(s))).ok).toBe(true);
    }
    const rows = await allRows(t);
    expect(rows).toHaveLength(REPORT_LIMITS.maxRows);
    expect(rows.map((r) => r.clientKey)).toEqual(
      await Promise.all(sessions.slice(-REPORT_LIMITS.maxRows).reverse().map(sessionKey)),
    );
  });

  test("expired reports are no longer served, and prune deletes them", async () => {
    const t = testApp();
    await t.mutation(app.diagnostics.reportingReportDiagnosis, report("session-aaaa"));
    vi.setSystemTime(T0 + REPORT_LIMITS.ttlMs - 1);
    expect(
      await t.query(app.diagnostics.reportingRecentReports, { sessionId: "session-aaaa" }),
    ).toHaveLength(1);
    vi.setSystemTime(T0 + REPORT_LIMITS.ttlMs + 1);
    expect(
      await t.query(app.diagnostics.reportingRecentReports, { sessionId: "session-aaaa" }),
    ).toEqual([]);
    expect(await t.mutation(app.diagnostics.reportingPrune, {})).toEqual({
      deleted: 1,
      more: false,
    });
    expect(await t.mutation(app.diagnostics.reportingPrune, {})).toEqual({
      deleted: 0,
      more: false,
    });
  });
});

describe("what is refused", () => {
  const jwtCases: [string, (tok: string) => Record<string, unknown>][] = [
    ["a claim holding a token", (tok) => ({ claims: { ...claims, note: tok } })],
    [
      "a token nested in an array",
      (tok) => ({ claims: { ...claims, list: [{ deep: [`Bearer ${tok}`] }] } }),
    ],
    ["a token in the header", (tok) => ({ tokenHeader: { ...header, x: tok } })],
    ["a token as the user agent", (tok) => ({ userAgent: tok })],
    ["a token as a key", (tok) => ({ claims: { [tok]: 1 } })],
    ["the first 512 characters of a token", (tok) => ({ userAgent: tok.slice(0, 512) })],
    [
      "an unsigned token",
      (tok) => ({ claims: { raw: `${tok.split(".").slice(0, 2).join(".")}.` } }),
    ],
  ];
  test.each(jwtCases)(
    "%s: secret_detected, nothing stored, the token not echoed",
    async (_name, make) => {
      const t = testApp();
      const result = await t.mutation(
        app.diagnostics.reportingReportDiagnosis,
        report("session-aaaa", make(token)),
      );
      expect(result).toMatchObject({ ok: false, reason: "secret_detected" });
      expect(JSON.stringify(result)).not.toContain(token.split(".")[1]!);
      expect(await allRows(t)).toEqual([]);
    },
  );

  test("a WorkOS API key anywhere: secret_detected", async () => {
    const t = testApp();
    const result = await t.mutation(
      app.diagnostics.reportingReportDiagnosis,
      report("session-aaaa", { clientId: "sk_test_0123456789abcdef" }),
    );
    expect(result).toMatchObject({ ok: false, reason: "secret_detected" });
    expect(JSON.stringify(result)).not.toContain("sk_test_0123456789abcdef");
  });

  test("unknown finding codes, too many codes and malformed session ids are invalid", async () => {
    const t = testApp();
    expect(
      await t.mutation(
        app.diagnostics.reportingReportDiagnosis,
        report("session-aaaa", { headline: "Hello world" }),
      ),
    ).toMatchObject({ ok: false, reason: "invalid" });
    expect(
      await t.mutation(
        app.diagnostics.reportingReportDiagnosis,
        report("session-aaaa", { codes: Array(65).fill("TOKEN_EXPIRED") }),
      ),
    ).toMatchObject({ ok: false, reason: "invalid" });
    expect(
      await t.mutation(app.diagnostics.reportingReportDiagnosis, report("bad id!")),
    ).toMatchObject({ ok: false, reason: "invalid" });
    expect(await allRows(t)).toEqual([]);
  });

  test("wrong argument types are refused by the args validator", async () => {
    const t = testApp();
    await expect(
      t.mutation(app.diagnostics.reportingReportDiagnosis, {
        ...report("session-aaaa"),
        codes: "TOKEN_EXPIRED",
      } as never),
    ).rejects.toThrow();
    await expect(
      t.mutation(app.diagnostics.reportingReportDiagnosis, {
        ...report("session-aaaa"),
        token,
      } as never),
    ).rejects.toThrow();
    expect(await allRows(t)).toEqual([]);
  });
});

describe("the component enforces its limits whoever calls it", () => {
  const stored = (extra: Record<string, unknown> = {}) => ({
    headline: "TOKEN_EXPIRED",
    codes: ["TOKEN_EXPIRED"],
    ok: false,
    claims: { iss: "https://api.workos.com/", exp: 1 },
    tokenHeader: null,
    clientId: null,
    userAgent: null,
    clientTime: null,
    ...extra,
  });
  const limits = {
    maxRows: 2,
    maxBytes: 2048,
    perClientPerMinute: 10,
    globalPerMinute: 50,
    ttlMs: 600_000,
  };

  test("the rate limit has its own memory: with 2 rows kept, a global limit of 3 a minute still holds", async () => {
    const t = testApp();
    const results = [];
    for (let i = 0; i < 4; i++) {
      vi.setSystemTime(T0 + i * 1000);
      results.push(
        await t.mutation(components.authDiagnostics.reports.store, {
          report: stored(),
          clientKey: `k${i}`,
          version: "test",
          limits: { ...limits, globalPerMinute: 3 },
        }),
      );
    }
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual([
      "ok",
      "ok",
      "ok",
      "rate_limited",
    ]);
    expect(await allRows(t)).toHaveLength(2);
  });

  test("a token in a direct call is refused too", async () => {
    const t = testApp();
    const result = await t.mutation(components.authDiagnostics.reports.store, {
      report: stored({ claims: { copy: token } }),
      clientKey: "k",
      version: "test",
      limits,
    });
    expect(result).toMatchObject({ ok: false, reason: "secret_detected" });
    expect(await allRows(t)).toEqual([]);
  });
});
