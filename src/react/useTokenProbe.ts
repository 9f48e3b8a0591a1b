"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { runProbe, type ProbeClient } from "./probe.js";
import type { AuthDiagnosticsApi, ProbeMode, ProbeResult } from "./types.js";

/** What {@link useTokenProbe} watches. */
export interface TokenProbeParams {
  /** The hook's `enabled` option. */
  enabled: boolean;
  /** The hook's `probe` option; `false` never probes. */
  mode: ProbeMode;
  /** Whether Convex has settled on unauthenticated (loading over, not authenticated). */
  rejected: boolean;
  /** The access token AuthKit gave, or `null`. */
  token: string | null;
  /** The Convex client in context, if any. */
  client: ProbeClient | undefined;
  /** The app's `api.authDiagnostics`; may be a new object on every render. */
  api: AuthDiagnosticsApi | null | undefined;
  /** The WorkOS client ID, passed to `diagnoseAuth` by the HTTP probe. */
  clientId: string | null;
  /** The fetch for the HTTP probe (default: global `fetch`). */
  fetch: typeof fetch | undefined;
}

/** What {@link useTokenProbe} returns. */
export interface TokenProbe {
  /** The probe of the current token, once it answered; `null` before, or for another token. */
  result: ProbeResult | null;
  /** Lets the current token be probed again (for a recheck). */
  forget: () => void;
}

/**
 * Probes a token once when Convex has settled on unauthenticated while AuthKit holds it, so the
 * diagnosis can name Convex's exact reason. One probe per token, StrictMode included.
 */
export function useTokenProbe(params: TokenProbeParams): TokenProbe {
  const { enabled, mode, rejected, token, client, clientId, fetch } = params;
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const probedToken = useRef<string | null>(null);
  // `api` objects built with `anyApi` change identity on every render; the effect reads the latest.
  const apiRef = useRef(params.api);
  apiRef.current = params.api;
  useEffect(() => {
    if (!enabled || mode === false || !rejected || !token || !client) return;
    if (probedToken.current === token) return;
    probedToken.current = token;
    void runProbe({ client, api: apiRef.current, token, clientId, mode, fetch }).then((outcome) => {
      // A later token (or a recheck) owns the slot now.
      if (outcome && probedToken.current === token) setProbe({ ...outcome, token });
    });
  }, [enabled, mode, rejected, token, client, clientId, fetch]);
  const forget = useCallback(() => {
    probedToken.current = null;
  }, []);
  return { result: probe && probe.token === token ? probe : null, forget };
}
