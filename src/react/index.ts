"use client";
/**
 * `convex-authkit-diagnostics/react`: `useAuthDiagnostics()`, `<AuthDiagnosticsOverlay/>` and
 * `createAuthDiagnosticsLogger()`.
 *
 * Outside development (`process.env.NODE_ENV !== "development"`) the overlay renders nothing, the
 * hooks return `null` (`useAuthDiagnosticsDetails`: a constant "off" value) without reading
 * anything, and the logger factory returns `undefined` (so `ConvexReactClient` keeps its default
 * logger): the bundler then drops their code, and the core engine, entirely. Import
 * `convex-authkit-diagnostics/react/production` to keep them on.
 */
import {
  AuthDiagnosticsOverlay as RealOverlay,
  type AuthDiagnosticsOverlayProps,
} from "./overlay.js";

export * from "./shared.js";

/**
 * The auth diagnostics overlay; `null` unless `process.env.NODE_ENV === "development"`.
 * @example <AuthDiagnosticsOverlay api={api.authDiagnostics} clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} />
 */
export const AuthDiagnosticsOverlay: (
  props: AuthDiagnosticsOverlayProps,
) => ReturnType<typeof RealOverlay> =
  process.env.NODE_ENV !== "development" ? () => null : RealOverlay;

export {
  createAuthDiagnosticsLogger,
  useAuthDiagnostics,
  useAuthDiagnosticsDetails,
} from "./gated.js";
