/**
 * Stored reports within Convex's per-transaction limits at every allowed setting, limits that
 * cannot be kept refused, and floods that cannot push everyone else's reports out.
 */
import { componentsGeneric } from "convex/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { ComponentApi } from "../../src/component/_generated/component.js";
import { documentBytes } from "../../src/convexValues.js";
import {
  CONVEX_TRANSACTION_LIMITS,
  overBudget,
  PRUNE_MAX_BATCH,
  pruneCallCost,
  REPORT_LIMIT_BOUNDS,
  storeCallCost,
  TRANSACTION_BUDGET_SHARE,
  type ReportLimits,
  type TransactionCost,
} from "../../src/shared.js";
import { CLIENT_ID, docsConfig } from "../support/tokens.js";
import { authConfig, REPORT_LIMITS } from "./app/diagnostics.js";
import { app, testApp, testAppWithTransactionLimits } from "./setup.js";

const components = componentsGeneric() as unknown as {
  authDiagnostics: ComponentApi<"authDiagnostics">;
};
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const MAX = Object.fromEntries(
  Object.entries(REPORT_LIMIT_BOUNDS).map(([key, [, max]]) => [key, max]),
) as ReportLimits;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  authConfig.providers = docsConfig();
});
afterEach(() => {
  vi.useRealTimers();
});

const allRows = (t: Pick<ReturnType<typeof testApp>, "query">) =>
  t.query(components.authDiagnostics.reports.list, { limit: 100 });

function report(extra: Record<string, unknown> = {}) {
  return {
    headline: "TOKEN_EXPIRED",
    codes: ["TOKEN_EXPIRED"],
    ok: false,
    claims: { iss: "https://api.workos.com/", sub: "user_01JTESTUSER0000000000000" },
    tokenHeader: null,
    clientId: CLIENT_ID,
    userAgent: null,
    clientTime: null,
    ...extra,
  };
}

describe("one store call within Convex's per-transaction limits", () => {
  test("summed over every read and write at the largest settings, it uses at most half of each limit", () => {
    const cost = storeCallCost(MAX);
    expect(overBudget(cost)).toEqual([]);
    // The sums docs/component.md quotes: 740 rate-limiter rows of up to 671 bytes (3 rate
    // windows and 20 old rows), 64 report rows of up to 16,384 bytes, the row count twice.
    expect(cost).toEqual({
      bytesRead: 740 * 671 + 64 * 16_384 + 2 * 77,
      documentsScanned: 806,
      indexRangesRead: 40,
      bytesWritten: 367_906,
      documentsWritten: 34,
    });
    for (const key of Object.keys(CONVEX_TRANSACTION_LIMITS) as (keyof TransactionCost)[])
      expect(cost[key]).toBeLessThanOrEqual(
        CONVEX_TRANSACTION_LIMITS[key] * TRANSACTION_BUDGET_SHARE,
      );
  });

  test("a prune call of the largest batch too", () => {
    expect(overBudget(pruneCallCost(PRUNE_MAX_BATCH))).toEqual([]);
    expect(overBudget(pruneCallCost(500))).not.toEqual([]);
  });

  test("measured: a store call on a full table at the largest settings reads no more than the sum", async () => {
    const t = testAppWithTransactionLimits();
    // Every row as large as maxBytes allows, so each row read costs the most it can.
    const limits = { ...MAX, ttlMs: 24 * 60 * 60 * 1000 };
    const padded = (clientKey: string) => {
      const base = documentBytes({
        clientKey,
        ...report({ claims: { pad: "" } }),
        version: "test",
        expiresAt: 0,
        tier: 1,
        bytes: 0,
      });
      return report({ claims: { pad: "x".repeat(MAX.maxBytes - base) } });
    };
    const store = (clientKey: string, ipKey?: string) => ({
      report: padded(clientKey),
      clientKey,
      ...(ipKey ? { ipKey } : {}),
      version: "test",
      limits,
    });
    // A full table: maxRows rows from distinct clients, within the global rate.
    for (let i = 0; i < MAX.maxRows; i++) {
      vi.setSystemTime(T0 + i * 110);
      const result = await t.mutation(app.measure.measuredStore, {
        store: store(`k${String(i).padStart(5, "0")}`),
      });
      expect(result.result.ok).toBe(true);
    }
    // Within the last minute: one client with perClientPerMinute - 1 reports from one address,
    // and everyone else up to globalPerMinute - 1.
    const start = T0 + MAX.maxRows * 110 + 61_000;
    for (let i = 0; i < MAX.globalPerMinute - 1; i++) {
      vi.setSystemTime(start + i * 50);
      const mine = i < MAX.perClientPerMinute - 1;
      const result = await t.mutation(app.measure.measuredStore, {
        store: mine ? store("kvictim", "ip:00000001") : store(`w${String(i).padStart(5, "0")}`),
      });
      expect(result.result.ok).toBe(true);
    }
    vi.setSystemTime(start + MAX.globalPerMinute * 50);
    const measured = await t.mutation(app.measure.measuredStore, {
      store: store("kvictim", "ip:00000001"),
    });
    expect(measured.result.ok).toBe(true);
    const { result: _result, ...used } = measured;
    const bound = storeCallCost(MAX);
    for (const key of Object.keys(bound) as (keyof TransactionCost)[])
      expect(used[key], key).toBeLessThanOrEqual(bound[key]);
    // The heavy path was taken: three full rate windows and report rows were read.
    expect(used.documentsScanned).toBeGreaterThan(
      MAX.globalPerMinute + 2 * (MAX.perClientPerMinute - 1),
    );
    expect(used.bytesRead).toBeGreaterThan(2 * MAX.maxBytes);
    expect((await allRows(t)).length).toBe(100);
  }, 300_000);
});

describe("limits that cannot be kept are refused, not clamped", () => {
  test("the component refuses out-of-range limits and stores nothing", async () => {
    const t = testApp();
    for (const bad of [{ maxRows: 5000 }, { maxBytes: 1_000_000 }, { perClientPerMinute: 1.5 }]) {
      const result = await t.mutation(components.authDiagnostics.reports.store, {
        report: report(),
        clientKey: "k",
        version: "test",
        limits: { ...REPORT_LIMITS, ...bad },
      });
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
      expect(result.ok === false && result.detail).toMatch(/must be an integer from/);
    }
    expect(await allRows(t)).toEqual([]);
  });

  test("prune refuses a batch or row limit outside its range", async () => {
    const t = testApp();
    await expect(
      t.mutation(components.authDiagnostics.reports.prune, { batch: 500 }),
    ).rejects.toThrow(/batch.*1 to 100/);
    await expect(
      t.mutation(components.authDiagnostics.reports.prune, { maxRows: 0 }),
    ).rejects.toThrow(/maxRows.*1 to 1000/);
  });
});

describe("floods", () => {
  test("a signed-in user's newest report survives a flood of signed-out reports", async () => {
    const t = testApp();
    const user = t.withIdentity({ subject: "user_1", issuer: "https://api.workos.com/" });
    expect((await user.mutation(app.diagnostics.reportingReportDiagnosis, report())).ok).toBe(true);
    for (let i = 0; i < 20; i++) {
      vi.setSystemTime(T0 + (i + 1) * 16_000);
      const anonymous = t.withRequestMetadata({ ip: `198.51.100.${i}`, userAgent: "x" });
      const result = await anonymous.mutation(app.diagnostics.reportingReportDiagnosis, {
        ...report(),
        sessionId: `flood-${String(i).padStart(4, "0")}`,
      });
      expect(result.ok).toBe(true);
    }
    expect(await user.query(app.diagnostics.reportingRecentReports, {})).toHaveLength(1);
    expect(await allRows(user)).toHaveLength(REPORT_LIMITS.maxRows);
  });

  test("a client's newest report outlives another client's repeated reports", async () => {
    const t = testApp();
    const a = t.withRequestMetadata({ ip: "198.51.100.1", userAgent: "a" });
    const b = t.withRequestMetadata({ ip: "198.51.100.2", userAgent: "b" });
    expect(
      (
        await a.mutation(app.diagnostics.reportingReportDiagnosis, {
          ...report(),
          sessionId: "session-aaaa",
        })
      ).ok,
    ).toBe(true);
    for (let i = 0; i < 10; i++) {
      vi.setSystemTime(T0 + 1000 + i * 31_000);
      expect(
        (
          await b.mutation(app.diagnostics.reportingReportDiagnosis, {
            ...report(),
            sessionId: "session-bbbb",
          })
        ).ok,
      ).toBe(true);
    }
    expect(
      await a.query(app.diagnostics.reportingRecentReports, { sessionId: "session-aaaa" }),
    ).toHaveLength(1);
    expect(
      await b.query(app.diagnostics.reportingRecentReports, { sessionId: "session-bbbb" }),
    ).toHaveLength(REPORT_LIMITS.maxRows - 1);
  });

  test("bounded: when every row is some client's newest, the oldest goes", async () => {
    const t = testApp();
    for (let i = 0; i < REPORT_LIMITS.maxRows + 2; i++) {
      vi.setSystemTime(T0 + i * 16_000);
      const user = t.withIdentity({ subject: `user_${i}`, issuer: "https://api.workos.com/" });
      expect((await user.mutation(app.diagnostics.reportingReportDiagnosis, report())).ok).toBe(
        true,
      );
    }
    const rows = await allRows(t);
    expect(rows).toHaveLength(REPORT_LIMITS.maxRows);
    expect(rows.map((r) => r.clientKey)).not.toContain("user:https://api.workos.com/|user_0");
    expect(rows.map((r) => r.clientKey)).not.toContain("user:https://api.workos.com/|user_1");
  });

  test("a report stored into a table of signed-in users' newest reports is kept; one of theirs goes, once", async () => {
    const t = testApp();
    for (let i = 0; i < REPORT_LIMITS.maxRows; i++) {
      vi.setSystemTime(T0 + i * 16_000);
      const user = t.withIdentity({ subject: `user_${i}`, issuer: "https://api.workos.com/" });
      expect((await user.mutation(app.diagnostics.reportingReportDiagnosis, report())).ok).toBe(
        true,
      );
    }
    const signedOut = [];
    for (let i = 0; i < 3; i++) {
      vi.setSystemTime(T0 + (REPORT_LIMITS.maxRows + i) * 16_000);
      const anonymous = t.withRequestMetadata({ ip: `198.51.100.${i}`, userAgent: "x" });
      const result = await anonymous.mutation(app.diagnostics.reportingReportDiagnosis, {
        ...report(),
        sessionId: `signed-out-${i}`,
      });
      signedOut.push(result.ok ? result.id : null);
      const ids = (await allRows(t)).map((r) => r._id);
      expect(ids).toContain(signedOut[i]);
      expect(ids).toHaveLength(REPORT_LIMITS.maxRows);
    }
    const keys = (await allRows(t)).map((r) => r.clientKey);
    expect(keys.filter((k) => k.startsWith("user:"))).toHaveLength(REPORT_LIMITS.maxRows - 1);
    expect(keys).not.toContain("user:https://api.workos.com/|user_0");
  });

  test("a signed-out sender cannot lift its rate limit by changing session ids", async () => {
    const t = testApp().withRequestMetadata({ ip: "203.0.113.9", userAgent: "x" });
    const results = [];
    for (let i = 0; i < REPORT_LIMITS.perClientPerMinute + 1; i++) {
      vi.setSystemTime(T0 + i * 1000);
      results.push(
        await t.mutation(app.diagnostics.reportingReportDiagnosis, {
          ...report(),
          sessionId: `rotating-${i}-session`,
        }),
      );
    }
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual([
      ...Array(REPORT_LIMITS.perClientPerMinute).fill("ok"),
      "rate_limited",
    ]);
  });
});
