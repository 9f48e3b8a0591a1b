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
  createAuthDiagnosticsLogger as realCreateLogger,
  type AuthDiagnosticsLogger,
  type AuthDiagnosticsLoggerOptions,
} from "../react/logger.js";
import {
  TanStackAuthDiagnosticsOverlay,
  type TanStackAuthDiagnosticsOverlayProps,
} from "./overlay.js";
import {
  useAuthDiagnostics as realUseAuthDiagnostics,
  useAuthDiagnosticsDetails as realUseAuthDiagnosticsDetails,
} from "../react/useAuthDiagnostics.js";
import { AUTH_DIAGNOSTICS_OFF } from "../react/off.js";
import type { Diagnosis } from "../core/types.js";
import type {
  AuthDiagnosticsApi,
  AuthDiagnosticsDetails,
  AuthDiagnosticsHookOptions,
} from "../react/types.js";

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

/**
 * Creates the Convex client logger that captures auth errors; `undefined` outside development,
 * which makes `ConvexReactClient` use its default console logger.
 * @example const convex = new ConvexReactClient(url, { logger: createAuthDiagnosticsLogger() });
 */
export const createAuthDiagnosticsLogger: (
  options?: AuthDiagnosticsLoggerOptions,
) => AuthDiagnosticsLogger | undefined =
  process.env.NODE_ENV !== "development" ? () => undefined : realCreateLogger;

/**
 * Explains, live, why Convex says `isAuthenticated: false`: the {@link Diagnosis}, or `null`
 * until the first one is ready. Outside development (`process.env.NODE_ENV !== "development"`) it
 * always returns `null` and reads nothing, so the bundler drops the hook and the core engine.
 * Import it from `convex-authkit-diagnostics/react/production` to keep it on.
 * @example const diagnosis = useAuthDiagnostics(api.authDiagnostics, { clientId });
 */
export const useAuthDiagnostics: (
  api: AuthDiagnosticsApi | null | undefined,
  options?: AuthDiagnosticsHookOptions,
) => Diagnosis | null =
  process.env.NODE_ENV !== "development" ? () => null : realUseAuthDiagnostics;

/**
 * The diagnosis plus the live facts behind it and a `recheck` function. Outside development it
 * returns one constant, frozen value: `diagnosis: null`, facts with `off: true` (nothing was
 * read) and a `recheck` that does nothing. Import it from
 * `convex-authkit-diagnostics/react/production` to keep it on.
 */
export const useAuthDiagnosticsDetails: (
  api: AuthDiagnosticsApi | null | undefined,
  options?: AuthDiagnosticsHookOptions,
) => AuthDiagnosticsDetails =
  process.env.NODE_ENV !== "development"
    ? () => AUTH_DIAGNOSTICS_OFF
    : realUseAuthDiagnosticsDetails;
