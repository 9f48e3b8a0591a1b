"use client";
/**
 * `convex-authkit-diagnostics/nextjs`: the overlay and the AuthKit adapter for a Next.js App Router
 * app with `@workos-inc/authkit-nextjs`. Import it from a client component.
 *
 * Outside development (`process.env.NODE_ENV !== "development"`) the overlay renders nothing, the
 * hooks return `null` (`useAuthDiagnosticsDetails`: a constant "off" value) without reading
 * anything, and the logger factory returns `undefined`, so `next build` drops their code and the
 * core engine. Import `convex-authkit-diagnostics/nextjs/production` to keep them on. The server side is
 * `convex-authkit-diagnostics/nextjs/server`.
 */
import { NextAuthDiagnosticsOverlay, type NextAuthDiagnosticsOverlayProps } from "./overlay.js";
import {
  createAuthDiagnosticsLogger as realCreateLogger,
  type AuthDiagnosticsLogger,
  type AuthDiagnosticsLoggerOptions,
} from "../react/logger.js";
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

export * from "./shared.js";
export type { NextAuthDiagnosticsOverlayProps };

/**
 * The auth diagnostics overlay for Next.js; `null` unless `process.env.NODE_ENV === "development"`.
 * @example <AuthDiagnosticsOverlay api={api.authDiagnostics} server={diagnostics} />
 */
export const AuthDiagnosticsOverlay: (
  props: NextAuthDiagnosticsOverlayProps,
) => ReturnType<typeof NextAuthDiagnosticsOverlay> | null =
  process.env.NODE_ENV !== "development" ? () => null : NextAuthDiagnosticsOverlay;

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
 * Import it from `convex-authkit-diagnostics/nextjs/production` to keep it on.
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
 * `convex-authkit-diagnostics/nextjs/production` to keep it on.
 */
export const useAuthDiagnosticsDetails: (
  api: AuthDiagnosticsApi | null | undefined,
  options?: AuthDiagnosticsHookOptions,
) => AuthDiagnosticsDetails =
  process.env.NODE_ENV !== "development"
    ? () => AUTH_DIAGNOSTICS_OFF
    : realUseAuthDiagnosticsDetails;
