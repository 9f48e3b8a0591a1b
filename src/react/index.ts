"use client";
/**
 * `convex-authkit-diagnostics/react`: `useAuthDiagnostics()`, `<AuthDiagnosticsOverlay/>` and
 * `createAuthDiagnosticsLogger()`.
 *
 * Outside development (`process.env.NODE_ENV !== "development"`) the overlay renders nothing and
 * the logger factory returns `undefined` (so `ConvexReactClient` keeps its default logger): the
 * bundler then drops their code entirely. Import `convex-authkit-diagnostics/react/production`
 * to keep them on.
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
