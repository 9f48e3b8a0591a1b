"use client";
import { useEffect, useMemo, useState } from "react";
import type { AuthKitAdapter } from "../react/authkit.js";
import {
  AuthDiagnosticsOverlay as BaseOverlay,
  type AuthDiagnosticsOverlayProps,
} from "../react/overlay.js";
import { useAuthKitNextjs } from "./adapter.js";
import { isNextServerReport, pageOf, serverFindingsFor, type NextServerReport } from "./report.js";

/** Props of the Next.js overlay: the React overlay's, plus the server's report. */
export interface NextAuthDiagnosticsOverlayProps extends Omit<
  AuthDiagnosticsOverlayProps,
  "authKit" | "extraFindings"
> {
  /**
   * The `diagnostics` that `withAuthDiagnostics()` (from `convex-authkit-diagnostics/nextjs/server`)
   * returned while rendering this page: the proxy, the env, the redirect URI and Convex's verdict
   * on the server's token. Without it only the browser's side is diagnosed.
   */
  server?: NextServerReport | null;
  /** How to read AuthKit. Default: `useAuth()` and `useAccessToken()` of `@workos-inc/authkit-nextjs/components`. */
  authKit?: AuthKitAdapter;
}

/**
 * The overlay for a Next.js App Router app with `@workos-inc/authkit-nextjs`: reads AuthKit with
 * the Next.js adapter, compares with the server's `WORKOS_CLIENT_ID`, and adds what the server
 * knew when it rendered the page (`server`).
 */
export function NextAuthDiagnosticsOverlay({
  server,
  authKit,
  clientId,
  ...props
}: NextAuthDiagnosticsOverlayProps) {
  const report = isNextServerReport(server) ? server : null;
  // The browser's page (origin and path), read after hydration so the server's HTML matches.
  const [page, setPage] = useState<string | null>(null);
  useEffect(() => setPage(pageOf(globalThis.location?.href)), []);
  const findings = useMemo(() => serverFindingsFor(report, page), [report, page]);
  return (
    <BaseOverlay
      {...props}
      authKit={authKit ?? useAuthKitNextjs}
      clientId={clientId ?? report?.clientId ?? undefined}
      extraFindings={findings}
    />
  );
}
