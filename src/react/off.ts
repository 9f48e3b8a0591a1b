/**
 * What `useAuthDiagnosticsDetails` from the development entries returns outside development: a
 * constant, frozen value that says nothing was read. Types only from the hook modules, so a
 * production bundle that uses it carries this object and nothing else.
 */
import type { AuthDiagnosticsDetails, AuthDiagnosticsFacts } from "./types.js";

const OFF_REASON =
  'convex-authkit-diagnostics is off: NODE_ENV is not "development". Import the hook from the /production entry to keep it on.';

const OFF_FACTS: AuthDiagnosticsFacts = Object.freeze({
  authKit: Object.freeze({
    status: "unavailable" as const,
    reason: OFF_REASON,
    isLoading: false,
    userId: null,
    organizationId: null,
  }),
  accessToken: Object.freeze({ state: "none" as const }),
  convex: Object.freeze({ isLoading: false, isAuthenticated: false, present: false }),
  server: Object.freeze({ state: "skipped" as const }),
  serverErrors: Object.freeze([]) as readonly string[],
  probe: Object.freeze({ state: "none" as const }),
  pageUrl: null,
  clientTime: 0,
  off: true as const,
});

/** `diagnosis: null`, the facts above, and a `recheck` that does nothing. */
export const AUTH_DIAGNOSTICS_OFF: AuthDiagnosticsDetails = Object.freeze({
  diagnosis: null,
  facts: OFF_FACTS,
  recheck: Object.freeze(() => {}),
});
