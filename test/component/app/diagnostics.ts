/**
 * A test app that re-exports the diagnostics several times with different options. The auth
 * config and the network are mutable so each test can set its own (the wrapper reads the config
 * on every call, as it reads `process.env`).
 */
import { componentsGeneric, mutationGeneric } from "convex/server";
import { v } from "convex/values";
import { AuthDiagnostics, type AuthDiagnosticsOptions } from "../../../src/client/index.js";
import type { ComponentApi } from "../../../src/component/_generated/component.js";
import type { FetchLike } from "../../../src/core/index.js";

const components = componentsGeneric() as unknown as {
  authDiagnostics: ComponentApi<"authDiagnostics">;
};

export const authConfig: { providers: unknown } = { providers: [] };
export const network: { fetch: FetchLike } = {
  fetch: () => Promise.reject(new TypeError("no network in tests")),
};

const base: AuthDiagnosticsOptions = { authConfig, fetch: (url, init) => network.fetch(url, init) };

export const { diagnoseAuth, verifyToken, reportDiagnosis, recentReports } = new AuthDiagnostics(
  components.authDiagnostics,
  base,
).api();

const off = new AuthDiagnostics(components.authDiagnostics, { ...base, enabled: false }).api();
export const offDiagnoseAuth = off.diagnoseAuth;
export const offVerifyToken = off.verifyToken;
export const offReportDiagnosis = off.reportDiagnosis;
export const offRecentReports = off.recentReports;

export const authorizeCalls: string[] = [];
const guarded = new AuthDiagnostics(components.authDiagnostics, {
  ...base,
  reports: { enabled: true },
  authorize: async (ctx, { functionName }) => {
    authorizeCalls.push(functionName);
    return (await ctx.auth.getUserIdentity())?.role === "admin";
  },
}).api();
export const guardedDiagnoseAuth = guarded.diagnoseAuth;
export const guardedVerifyToken = guarded.verifyToken;
export const guardedReportDiagnosis = guarded.reportDiagnosis;
export const guardedRecentReports = guarded.recentReports;

export const REPORT_LIMITS = {
  maxRows: 5,
  maxBytes: 1024,
  perClientPerMinute: 2,
  globalPerMinute: 4,
  ttlMs: 600_000,
};
const reportingInstance = new AuthDiagnostics(components.authDiagnostics, {
  ...base,
  reports: { enabled: true, ...REPORT_LIMITS },
});
const reporting = reportingInstance.api();
export const reportingReportDiagnosis = reporting.reportDiagnosis;
export const reportingRecentReports = reporting.recentReports;
export const reportingPrune = mutationGeneric({
  args: {},
  returns: v.object({ deleted: v.number(), more: v.boolean() }),
  handler: (ctx) => reportingInstance.prune(ctx),
});
