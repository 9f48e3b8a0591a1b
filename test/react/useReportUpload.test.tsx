// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { anyApi } from "convex/server";
import { StrictMode, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { finding } from "../../src/core/catalogue.js";
import type { Diagnosis, FindingCode } from "../../src/core/types.js";
import type { AuthDiagnosticsApi } from "../../src/react/types.js";
import {
  outcomeKey,
  reportSessionId,
  SESSION_KEY,
  storedReportOf,
  useReportUpload,
  type ReportClient,
} from "../../src/react/useReportUpload.js";

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const api = anyApi.authDiagnostics as unknown as AuthDiagnosticsApi;
const diagnosisOf = (codes: FindingCode[], generatedAt = 1): Diagnosis => {
  const findings = codes.map((c) => finding(c));
  return {
    headline: findings[0]!,
    findings,
    ok: false,
    token: {
      header: { alg: "RS256", kid: "key_A" },
      claims: { sub: "user_1", refresh_token: "rt_secret", note: "eyJhbGciOiJSUzI1NiJ9.eyJz.c2ln" },
      expiresInSeconds: 10,
    },
    tokenCheck: null,
    generatedAt,
  };
};

function fakeClient(fail = false) {
  const stored: Record<string, unknown>[] = [];
  const client = {
    mutation: vi.fn(async (_ref: unknown, args: Record<string, unknown>) => {
      stored.push(args);
      if (fail) throw new Error("reports are disabled");
      return null;
    }),
  } as unknown as ReportClient;
  return { client, stored };
}

type Props = { enabled: boolean; diagnosis: Diagnosis | null; api: AuthDiagnosticsApi | null };
const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>;

function renderUpload(client: ReportClient, initial: Props) {
  return renderHook(
    ({ enabled, diagnosis, api }: Props) =>
      useReportUpload(enabled, diagnosis, client, api, "client_1"),
    { initialProps: initial, wrapper: strict },
  );
}

describe("storedReportOf", () => {
  it("stores codes and redacted claims, never a token", () => {
    const stored = storedReportOf(diagnosisOf(["AUDIENCE_MISSING", "CONVEX_REJECTED"]), "client_1");
    expect(stored).toMatchObject({
      headline: "AUDIENCE_MISSING",
      codes: ["AUDIENCE_MISSING", "CONVEX_REJECTED"],
      ok: false,
      tokenHeader: { alg: "RS256", kid: "key_A" },
      clientId: "client_1",
      clientTime: 1,
    });
    expect(stored.claims).toEqual({
      sub: "user_1",
      refresh_token: "[redacted]",
      note: "[redacted JWT]",
    });
  });

  it("keys an outcome by headline and finding codes only", () => {
    expect(outcomeKey(diagnosisOf(["AUDIENCE_MISSING"], 1))).toBe(
      outcomeKey(diagnosisOf(["AUDIENCE_MISSING"], 2)),
    );
    expect(outcomeKey(diagnosisOf(["AUDIENCE_MISSING"]))).not.toBe(
      outcomeKey(diagnosisOf(["AUDIENCE_MISSING", "CONVEX_REJECTED"])),
    );
  });
});

describe("reportSessionId", () => {
  it("keeps one id per tab in sessionStorage", () => {
    const id = reportSessionId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reportSessionId()).toBe(id);
    expect(sessionStorage.getItem(SESSION_KEY)).toBe(id);
  });
});

describe("useReportUpload", () => {
  it("stores each distinct outcome once", async () => {
    const { client, stored } = fakeClient();
    const { rerender } = renderUpload(client, {
      enabled: true,
      diagnosis: diagnosisOf(["AUDIENCE_MISSING"], 1),
      api,
    });
    await act(async () => {});
    rerender({ enabled: true, diagnosis: diagnosisOf(["AUDIENCE_MISSING"], 2), api });
    await act(async () => {});
    expect(stored.map((r) => r.headline)).toEqual(["AUDIENCE_MISSING"]);
    rerender({ enabled: true, diagnosis: diagnosisOf(["CONVEX_REJECTED"], 3), api });
    await act(async () => {});
    expect(stored.map((r) => r.headline)).toEqual(["AUDIENCE_MISSING", "CONVEX_REJECTED"]);
  });

  it("stores nothing when off, before a diagnosis, or without reportDiagnosis", async () => {
    const { client, stored } = fakeClient();
    renderUpload(client, { enabled: false, diagnosis: diagnosisOf(["AUDIENCE_MISSING"]), api });
    renderUpload(client, { enabled: true, diagnosis: null, api });
    renderUpload(client, {
      enabled: true,
      diagnosis: diagnosisOf(["AUDIENCE_MISSING"]),
      api: { diagnoseAuth: api.diagnoseAuth },
    });
    await act(async () => {});
    expect(stored).toEqual([]);
  });

  it("swallows a failing mutation", async () => {
    const { client, stored } = fakeClient(true);
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      renderUpload(client, { enabled: true, diagnosis: diagnosisOf(["AUDIENCE_MISSING"]), api });
      await act(async () => {});
      await new Promise((r) => setTimeout(r, 10));
      expect(stored).toHaveLength(1);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
