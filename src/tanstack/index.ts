"use client";
/**
 * `convex-authkit-diagnostics/tanstack`: the overlay and the AuthKit adapter for TanStack Start
 * with `@workos/authkit-tanstack-react-start`.
 *
 * Outside development (`process.env.NODE_ENV !== "development"`) the overlay renders nothing, the
 * hooks return `null` (`useAuthDiagnosticsDetails`: a constant "off" value) without reading
 * anything, and the logger factory returns `undefined`, so the production build drops their code
 * and the core engine. To keep them on, use `AuthDiagnosticsOverlay` or `useAuthDiagnostics`
 * from `convex-authkit-diagnostics/react/production` with `authKit: useAuthKitTanStack`.
 */
import {
  TanStackAuthDiagnosticsOverlay,
  type TanStackAuthDiagnosticsOverlayProps,
} from "./overlay.js";

export { useAuthKitTanStack } from "./adapter.js";
export {
  authKitSessionAdapter,
  sessionSnapshotOf,
  type AuthKitSessionAuth,
  type AuthKitSessionAccessToken,
  type AuthKitSessionHooks,
} from "../react/authkitSession.js";
export * from "../react/shared.js";
export type { TanStackAuthDiagnosticsOverlayProps };

/**
 * The auth diagnostics overlay for TanStack Start; `null` unless `process.env.NODE_ENV === "development"`.
 * @example <AuthDiagnosticsOverlay api={api.authDiagnostics} />
 */
export const AuthDiagnosticsOverlay: (
  props: TanStackAuthDiagnosticsOverlayProps,
) => ReturnType<typeof TanStackAuthDiagnosticsOverlay> | null =
  process.env.NODE_ENV !== "development" ? () => null : TanStackAuthDiagnosticsOverlay;

export {
  createAuthDiagnosticsLogger,
  useAuthDiagnostics,
  useAuthDiagnosticsDetails,
} from "../react/gated.js";
