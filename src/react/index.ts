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
import {
  createAuthDiagnosticsLogger as realCreateLogger,
  type AuthDiagnosticsLogger,
  type AuthDiagnosticsLoggerOptions,
} from "./logger.js";
import {
  useAuthDiagnostics as realUseAuthDiagnostics,
  useAuthDiagnosticsDetails as realUseAuthDiagnosticsDetails,
} from "./useAuthDiagnostics.js";
import { AUTH_DIAGNOSTICS_OFF } from "./off.js";
import type { Diagnosis } from "../core/types.js";
import type {
  AuthDiagnosticsApi,
  AuthDiagnosticsDetails,
  AuthDiagnosticsHookOptions,
} from "./types.js";

export * from "./shared.js";

/**
 * The auth diagnostics overlay; `null` unless `process.env.NODE_ENV === "development"`.
 * @example <AuthDiagnosticsOverlay api={api.authDiagnostics} clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} />
 */
export const AuthDiagnosticsOverlay: (
  props: AuthDiagnosticsOverlayProps,
) => ReturnType<typeof RealOverlay> =
  process.env.NODE_ENV !== "development" ? () => null : RealOverlay;

/**
 * Creates the Convex client logger that captures auth errors; returns `undefined` outside
 * development, which makes `ConvexReactClient` use its default console logger.
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
