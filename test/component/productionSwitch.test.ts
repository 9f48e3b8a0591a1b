import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { isAuthDiagnosticsDisabled } from "../../src/shared.js";
import { CLIENT_ID, docsConfig } from "../support/tokens.js";
import { authConfig, authorizeCalls } from "./app/diagnostics.js";
import { app, testApp } from "./setup.js";

beforeEach(() => {
  vi.stubEnv("WORKOS_CLIENT_ID", CLIENT_ID);
  authConfig.providers = docsConfig();
  authorizeCalls.length = 0;
});
afterEach(() => vi.unstubAllEnvs());

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to be refused");
}

const report = { headline: "TOKEN_EXPIRED", codes: ["TOKEN_EXPIRED"], sessionId: "session-aaaa" };

describe("enabled: false", () => {
  test("every function throws ConvexError({ kind: 'AuthDiagnosticsDisabled', reason: 'disabled' })", async () => {
    const t = testApp().withIdentity({ subject: "someone" });
    const errors = [
      await refusal(t.query(app.diagnostics.offDiagnoseAuth, {})),
      await refusal(t.action(app.diagnostics.offVerifyToken, { token: "x.y.z" })),
      await refusal(t.mutation(app.diagnostics.offReportDiagnosis, report)),
      await refusal(t.query(app.diagnostics.offRecentReports, {})),
    ];
    expect(errors.every(isAuthDiagnosticsDisabled)).toBe(true);
    expect(
      errors.map((e) => (e as { data: { functionName: string; reason: string } }).data),
    ).toEqual([
      expect.objectContaining({ functionName: "diagnoseAuth", reason: "disabled" }),
      expect.objectContaining({ functionName: "verifyToken", reason: "disabled" }),
      expect.objectContaining({ functionName: "reportDiagnosis", reason: "disabled" }),
      expect.objectContaining({ functionName: "recentReports", reason: "disabled" }),
    ]);
  });
});

describe("authorize(ctx)", () => {
  test("refuses callers it rejects, with reason 'denied', and reveals nothing", async () => {
    const anonymous = testApp();
    const member = testApp().withIdentity({ subject: "u1", role: "member" } as never);
    for (const t of [anonymous, member]) {
      const error = await refusal(t.query(app.diagnostics.guardedDiagnoseAuth, {}));
      expect(isAuthDiagnosticsDisabled(error)).toBe(true);
      expect((error as { data: { reason: string } }).data.reason).toBe("denied");
      expect(JSON.stringify((error as { data: unknown }).data)).not.toContain(CLIENT_ID);
    }
    expect(
      isAuthDiagnosticsDisabled(
        await refusal(member.action(app.diagnostics.guardedVerifyToken, { token: "x.y.z" })),
      ),
    ).toBe(true);
    expect(
      isAuthDiagnosticsDisabled(
        await refusal(member.mutation(app.diagnostics.guardedReportDiagnosis, report)),
      ),
    ).toBe(true);
    expect(
      isAuthDiagnosticsDisabled(
        await refusal(member.query(app.diagnostics.guardedRecentReports, {})),
      ),
    ).toBe(true);
  });

  test("lets the callers it accepts through, and is asked once per call with the function's name", async () => {
    const admin = testApp().withIdentity({ subject: "u2", role: "admin" } as never);
    const report1 = await admin.query(app.diagnostics.guardedDiagnoseAuth, { clientId: CLIENT_ID });
    expect(report1.identity).toMatchObject({ subject: "u2" });
    expect((await admin.mutation(app.diagnostics.guardedReportDiagnosis, report)).ok).toBe(true);
    expect(await admin.query(app.diagnostics.guardedRecentReports, {})).toHaveLength(1);
    expect(authorizeCalls).toEqual(["diagnoseAuth", "reportDiagnosis", "recentReports"]);
  });
});

describe("isAuthDiagnosticsDisabled", () => {
  test("recognizes the error by its data, not by its class", () => {
    expect(isAuthDiagnosticsDisabled({ data: { kind: "AuthDiagnosticsDisabled" } })).toBe(true);
    expect(isAuthDiagnosticsDisabled(new Error("AuthDiagnosticsDisabled"))).toBe(false);
    expect(isAuthDiagnosticsDisabled(null)).toBe(false);
    expect(isAuthDiagnosticsDisabled({ data: "AuthDiagnosticsDisabled" })).toBe(false);
  });
});
