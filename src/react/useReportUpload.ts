"use client";
import type { ConvexReactClient } from "convex/react";
import type { FunctionReference } from "convex/server";
import { useEffect, useRef } from "react";
import { redactClaims } from "../core/secrets.js";
import type { Diagnosis } from "../core/types.js";
import type { AuthDiagnosticsApi } from "./types.js";

/** The part of `ConvexReactClient` the upload uses. */
export type ReportClient = Pick<ConvexReactClient, "mutation">;

/** The `sessionStorage` key of the tab's report session id. */
export const SESSION_KEY = "convex-authkit-diagnostics:session";

/** A random id this browser tab keeps, so a signed-out user can find their own stored reports. */
export function reportSessionId(): string | undefined {
  try {
    const existing = sessionStorage.getItem(SESSION_KEY);
    if (existing) return existing;
    const id = crypto.randomUUID();
    sessionStorage.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return undefined;
  }
}

/** A diagnosis's outcome: its headline and finding codes. One report is stored per outcome. */
export function outcomeKey(diagnosis: Diagnosis): string {
  return `${diagnosis.headline.code}|${diagnosis.findings.map((f) => f.code).join(",")}`;
}

/** The `reportDiagnosis` arguments for a diagnosis: codes and redacted claims, never the token. */
export function storedReportOf(diagnosis: Diagnosis, clientId: string | null) {
  return {
    headline: diagnosis.headline.code,
    codes: diagnosis.findings.map((f) => f.code),
    ok: diagnosis.ok,
    claims: diagnosis.token ? redactClaims(diagnosis.token.claims) : null,
    tokenHeader: diagnosis.token?.header ?? null,
    clientId,
    userAgent: typeof navigator !== "undefined" ? navigator.userAgent : null,
    clientTime: diagnosis.generatedAt,
    sessionId: reportSessionId(),
  };
}

/**
 * Stores each distinct diagnosis outcome once with `reportDiagnosis` (best effort: a server with
 * reports off, a rate limit or being offline is ignored). Does nothing unless `enabled` and the
 * api has `reportDiagnosis`.
 */
export function useReportUpload(
  enabled: boolean,
  diagnosis: Diagnosis | null,
  client: ReportClient | undefined,
  api: AuthDiagnosticsApi | null | undefined,
  clientId: string | null,
): void {
  const active = enabled && Boolean(api?.reportDiagnosis) && Boolean(client);
  // `api` objects built with `anyApi` change identity on every render; the effect reads the latest.
  const apiRef = useRef(api);
  apiRef.current = api;
  const lastReported = useRef<string | null>(null);
  useEffect(() => {
    if (!active || !diagnosis || !client) return;
    const key = outcomeKey(diagnosis);
    if (lastReported.current === key) return; // one report per distinct outcome, not per render
    lastReported.current = key;
    const report = storedReportOf(diagnosis, clientId);
    Promise.resolve()
      .then(() =>
        client.mutation(apiRef.current!.reportDiagnosis as FunctionReference<"mutation">, report),
      )
      .catch(() => {
        // Reporting is best effort: disabled on the server, rate-limited or offline.
      });
  }, [active, diagnosis, client, clientId]);
}
