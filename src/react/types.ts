/**
 * The shapes `useAuthDiagnosticsDetails` is built from: its public options and results, and the
 * state each of its small hooks keeps. Types only, so the pure builders can share them with the
 * hooks without importing React.
 */
import type { FunctionReference } from "convex/server";
import type {
  AuthKitSettings,
  ConvexAuthState,
  Diagnosis,
  FetchLike,
  Finding,
  ServerReport,
  TokenCheck,
} from "../core/types.js";
import type { AuthKitAdapter, AuthKitSnapshot } from "./authkit.js";
import type { AuthDiagnosticsLogger } from "./logger.js";

/**
 * The functions the app re-exports from `convex/authDiagnostics.ts` (`api.authDiagnostics`).
 * Only `diagnoseAuth` is required.
 */
export interface AuthDiagnosticsApi {
  /** `diagnoseAuth` query: `{ clientId? }` → {@link ServerReport}. */
  diagnoseAuth:
    | FunctionReference<"query", "public", { clientId?: string }, ServerReport>
    | FunctionReference<"query", "public", any, any>;
  /** `verifyToken` action: `{ token }` → {@link TokenCheck}; used for the one probe of a rejected token. */
  verifyToken?:
    | FunctionReference<"action", "public", { token: string }, TokenCheck>
    | FunctionReference<"action", "public", any, any>;
  [other: string]: unknown;
}

/** How the hook learns the exact reason for a rejected token; see {@link AuthDiagnosticsHookOptions.probe}. */
export type ProbeMode = "auto" | "action" | "http" | false;

/** Options of `useAuthDiagnostics` and `useAuthDiagnosticsDetails` (and props of the overlay). */
export interface AuthDiagnosticsHookOptions extends AuthKitSettings {
  /** How to read AuthKit. Default: `useAuth()` from `@workos-inc/authkit-react`, loaded lazily. */
  authKit?: AuthKitAdapter;
  /** The logger passed to `ConvexReactClient`. Default: the last one `createAuthDiagnosticsLogger()` made. */
  logger?: AuthDiagnosticsLogger | null;
  /**
   * How to learn the exact reason when Convex is unauthenticated while AuthKit has a token
   * (one probe per token): `"auto"` (default) uses `verifyToken` when the api has it, else HTTP;
   * `"action"`, `"http"`, or `false` for none.
   */
  probe?: ProbeMode;
  /** The fetch for the HTTP probe. Default: global `fetch`. */
  fetch?: typeof fetch;
  /** Fetch for JWKS when the token is checked in the browser. Default `null` (the server's `verifyToken` does it). */
  jwksFetch?: FetchLike | null;
  /** Turn everything off (no token reads, no queries). Default `true`. */
  enabled?: boolean;
  /**
   * Store each new diagnosis (codes, headline, decoded claims without signature, user agent) with
   * the `reportDiagnosis` mutation, so it can be read in the dashboard's Data tab. Needs
   * `reports: { enabled: true }` in the server's `AuthDiagnostics` options. Default `false`.
   */
  report?: boolean;
  /**
   * Findings made elsewhere that belong in the diagnosis, e.g. the server-side report of
   * `convex-authkit-diagnostics/nextjs/server` (the Next.js overlay passes them). Default none.
   */
  extraFindings?: readonly Finding[];
}

/** Live facts behind a diagnosis, for display. Never holds the raw token. */
export interface AuthDiagnosticsFacts {
  /** What the AuthKit adapter reported. */
  authKit: {
    status: AuthKitSnapshot["status"];
    reason: string | null;
    isLoading: boolean;
    userId: string | null;
    organizationId: string | null;
  };
  /** The access token outcome without the token itself. */
  accessToken: {
    state: "none" | "pending" | "ok" | "error";
    errorName?: string;
    errorMessage?: string;
  };
  /** `useConvexAuth()` and the connection; `present` is whether a `ConvexProviderWithAuth` is above. */
  convex: ConvexAuthState & { present: boolean };
  /** The `diagnoseAuth` subscription. */
  server: {
    state: "pending" | "ok" | "error" | "skipped";
    error?: string;
    report?: ServerReport;
    receivedAt?: number;
  };
  /** Server error texts: the logger's, then the HTTP probe's. */
  serverErrors: readonly string[];
  /** The one probe of the current token. */
  probe: {
    state: "none" | "pending" | "done";
    via?: "action" | "http";
    verdict?: string;
    message?: string | null;
  };
  /** The URL the diagnosis judged. */
  pageUrl: string | null;
  /** Client time (ms since the epoch) when these facts were assembled. */
  clientTime: number;
  /**
   * `true` only on the constant that `useAuthDiagnosticsDetails` from the development entries
   * returns outside development: nothing was read, and the fields above hold empty defaults
   * (`authKit.status: "unavailable"` with the reason, token `"none"`, server `"skipped"`,
   * `clientTime: 0`). Absent on facts that were read.
   */
  off?: true;
}

/** What `useAuthDiagnosticsDetails` returns. */
export interface AuthDiagnosticsDetails {
  /** `null` until the first diagnosis is ready (it is computed asynchronously). */
  diagnosis: Diagnosis | null;
  /** The live facts behind the diagnosis. */
  facts: AuthDiagnosticsFacts;
  /** Re-reads the access token and re-runs the diagnosis. */
  recheck: () => void;
}

/** The access token as `useAccessToken` holds it; `key` names the read that produced it. */
export type AccessTokenState =
  | { state: "none" }
  | { state: "pending"; key: string }
  | {
      state: "ok";
      key: string;
      token: string;
      exp: number | null;
      /** Read with `forceRefresh: true`, as Convex asks after it got no token. */
      forced?: boolean;
    }
  | {
      state: "error";
      key: string;
      errorName: string;
      errorMessage: string;
      /** See `AccessTokenFailure.transient`. */
      transient?: boolean | null;
      /** See `AccessTokenFailure.status`. */
      status?: number | null;
    };

/** The `diagnoseAuth` subscription as `useServerReport` holds it. */
export type ServerReportState = AuthDiagnosticsFacts["server"];

/** What one probe of a token learned. */
export type ProbeOutcome =
  | { via: "action"; check: TokenCheck; message: string | null; verdict: string }
  | { via: "http"; message: string | null; verdict: "accepted" | "rejected" };

/** A {@link ProbeOutcome} with the token it is about (kept in memory only). */
export type ProbeResult = ProbeOutcome & { token: string };
