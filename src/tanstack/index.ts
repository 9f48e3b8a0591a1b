"use client";
/**
 * `convex-authkit-diagnostics/tanstack`: the overlay and the AuthKit adapter for TanStack Start
 * with `@workos/authkit-tanstack-react-start`.
 *
 * Outside development (`process.env.NODE_ENV !== "development"`) the overlay renders nothing and
 * the logger factory returns `undefined`, so the production build drops their code. To keep them
 * on, use `AuthDiagnosticsOverlay` from `convex-authkit-diagnostics/react/production` with
 * `authKit={useAuthKitTanStack}`.
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
