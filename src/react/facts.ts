/**
 * Builds the overlay's live facts from the same states the `diagnose()` input came from. Pure:
 * the caller passes the clock.
 */
import type { DiagnoseInput } from "../core/types.js";
import type { AuthKitSnapshot } from "./authkit.js";
import type {
  AccessTokenState,
  AuthDiagnosticsFacts,
  ProbeResult,
  ServerReportState,
} from "./types.js";

/** What the facts are built from. */
export interface FactsSources {
  /** What the AuthKit adapter reported. */
  authKit: Pick<AuthKitSnapshot, "status" | "reason" | "user" | "organizationId">;
  /** The input `diagnose()` was given for these states (see `buildDiagnoseInput`). */
  input: DiagnoseInput;
  /** The latest `getAccessToken()` outcome. */
  accessToken: AccessTokenState;
  /** Whether `useConvexAuth()` answered (a `ConvexProviderWithAuth` is above). */
  convexPresent: boolean;
  /** The `diagnoseAuth` subscription. */
  server: ServerReportState;
  /** The probe of the current token, if it answered. */
  probe: ProbeResult | null;
  /** Whether Convex has settled on unauthenticated. */
  rejected: boolean;
  /** Client time (ms since the epoch) to stamp the facts with. */
  clientTime: number;
}

/** The access token outcome without the token. */
export function accessTokenFact(state: AccessTokenState): AuthDiagnosticsFacts["accessToken"] {
  return state.state === "error"
    ? { state: "error", errorName: state.errorName, errorMessage: state.errorMessage }
    : { state: state.state };
}

/** The probe's progress: `pending` while a held token waits for its probe once Convex said no. */
export function probeFact(
  probe: ProbeResult | null,
  rejected: boolean,
  hasToken: boolean,
): AuthDiagnosticsFacts["probe"] {
  if (probe)
    return {
      state: "done",
      via: probe.via,
      verdict: probe.verdict,
      message: probe.message ?? null,
    };
  return { state: rejected && hasToken ? "pending" : "none" };
}

/** All the facts. Holds no raw token: only the token outcome's state and error. */
export function buildFacts(s: FactsSources): AuthDiagnosticsFacts {
  const { input, server } = s;
  return {
    authKit: {
      status: s.authKit.status,
      reason: s.authKit.reason ?? null,
      isLoading: input.authKit?.isLoading ?? false,
      userId: s.authKit.user?.id ?? null,
      organizationId: s.authKit.organizationId ?? null,
    },
    accessToken: accessTokenFact(s.accessToken),
    convex: {
      ...(input.convex ?? { isLoading: false, isAuthenticated: false }),
      present: s.convexPresent,
    },
    server:
      server.state === "ok"
        ? { state: "ok", report: server.report, receivedAt: server.receivedAt }
        : server,
    serverErrors: input.serverErrors ?? [],
    probe: probeFact(s.probe, s.rejected, Boolean(input.token)),
    pageUrl: input.pageUrl ?? null,
    clientTime: s.clientTime,
  };
}
