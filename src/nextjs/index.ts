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

export {
  createAuthDiagnosticsLogger,
  useAuthDiagnostics,
  useAuthDiagnosticsDetails,
} from "../react/gated.js";
