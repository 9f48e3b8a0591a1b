"use client";
import { useConvex } from "convex/react";
import { useCallback, useMemo } from "react";
import type { Diagnosis } from "../core/types.js";
import { useAuthKitReactDefault } from "./authkit.js";
import { buildDiagnoseInput, isSettledUnauthenticated, tokenOf } from "./diagnoseInput.js";
import { buildFacts } from "./facts.js";
import type {
  AuthDiagnosticsApi,
  AuthDiagnosticsDetails,
  AuthDiagnosticsFacts,
  AuthDiagnosticsHookOptions,
} from "./types.js";
import { useAccessToken } from "./useAccessToken.js";
import { useAuthLog } from "./useAuthLog.js";
import { useCodeExchangeCheck } from "./useCodeExchangeCheck.js";
import { useConnected } from "./useConnectionState.js";
import { useDiagnosis } from "./useDiagnosis.js";
import { usePageUrl } from "./useLandingUrl.js";
import { useAuthKitSnapshot, useConvexAuthSafe } from "./useProviders.js";
import { useReportUpload } from "./useReportUpload.js";
import { useServerReport } from "./useServerReport.js";
import { useTokenProbe } from "./useTokenProbe.js";

export { pageUrlForDiagnosis } from "./diagnoseInput.js";

/**
 * The full form of {@link useAuthDiagnostics}: the diagnosis plus the live facts behind it and
 * a `recheck` function. The overlay is built on it.
 */
export function useAuthDiagnosticsDetails(
  api: AuthDiagnosticsApi | null | undefined,
  options: AuthDiagnosticsHookOptions = {},
): AuthDiagnosticsDetails {
  const enabled = options.enabled ?? true;
  // `clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}` with the variable unset passes `undefined`:
  // given but empty (AuthKit cannot start), unlike an option left out (not known).
  const clientIdGiven = "clientId" in options;
  const clientId = options.clientId || null;

  // The sources, one hook each. Their order is their effects' order.
  const authKit = useAuthKitSnapshot(options.authKit ?? useAuthKitReactDefault);
  const client = useConvex() as ReturnType<typeof useConvex> | undefined;
  const convexAuth = useConvexAuthSafe();
  const connected = useConnected(client);
  const { logger, log } = useAuthLog(options.logger);
  const accessToken = useAccessToken(authKit, enabled, log.rejections, log.noToken);
  const token = tokenOf(accessToken.state);
  const server = useServerReport(client, api?.diagnoseAuth, clientId, enabled);
  const rejected = isSettledUnauthenticated(convexAuth);
  const probe = useTokenProbe({
    enabled,
    mode: options.probe ?? "auto",
    rejected,
    token,
    client,
    api,
    clientId,
    fetch: options.fetch,
  });
  const pageUrl = usePageUrl(authKit.user?.id ?? null);
  const codeExchange = useCodeExchangeCheck({
    enabled,
    pageUrl,
    authKit,
    settings: options,
    fetch: options.fetch,
  });

  const input = buildDiagnoseInput({
    authKit,
    settings: {
      clientId: clientId ?? (clientIdGiven ? "" : null),
      clientIdVariable: options.clientIdVariable,
      redirectUri: options.redirectUri,
      apiHostname: options.apiHostname,
      devMode: options.devMode,
    },
    accessToken: accessToken.state,
    convexAuth,
    clientPresent: Boolean(client),
    connected,
    loggerWired: logger !== null,
    log,
    server,
    probe: probe.result,
    pageUrl,
    codeExchange,
    extraFindings: options.extraFindings,
  });
  // Content key: everything but the clock. Holding the token in it is fine (memory only).
  const inputKey = JSON.stringify(input);
  const diagnosis = useDiagnosis(input, inputKey, enabled, options.jwksFetch ?? null);
  useReportUpload(enabled && options.report === true, diagnosis, client, api, clientId);

  const { forget: forgetProbe } = probe;
  const { recheck: rereadToken } = accessToken;
  const recheck = useCallback(() => {
    forgetProbe();
    rereadToken();
  }, [forgetProbe, rereadToken]);

  const facts = useMemo<AuthDiagnosticsFacts>(
    () =>
      buildFacts({
        authKit,
        input,
        accessToken: accessToken.state,
        convexPresent: convexAuth !== null,
        server,
        probe: probe.result,
        rejected,
        clientTime: Date.now(),
      }),
    // Recomputed only when the content changes, not for each new object with the same content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [inputKey, authKit.status, authKit.reason, accessToken.state.state],
  );

  return useMemo(() => ({ diagnosis, facts, recheck }), [diagnosis, facts, recheck]);
}

/**
 * Explains, live, why Convex says `isAuthenticated: false` (or confirms that all is well).
 * Reads AuthKit (through an adapter), the access token (decoded in memory only), `useConvexAuth()`,
 * the server's `diagnoseAuth` report, the rejection text captured by
 * {@link createAuthDiagnosticsLogger}, the page URL and both clocks, and hands them to the core
 * `diagnose()`. Returns `null` until the first diagnosis is ready; the returned object changes
 * only when the diagnosis does. Never throws into the app.
 *
 * @example
 * const diagnosis = useAuthDiagnostics(api.authDiagnostics, { clientId: import.meta.env.VITE_WORKOS_CLIENT_ID });
 * if (diagnosis && !diagnosis.ok) console.warn(diagnosis.headline.title, diagnosis.headline.fix);
 */
export function useAuthDiagnostics(
  api: AuthDiagnosticsApi | null | undefined,
  options?: AuthDiagnosticsHookOptions,
): Diagnosis | null {
  return useAuthDiagnosticsDetails(api, options).diagnosis;
}
