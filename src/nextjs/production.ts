"use client";
/**
 * `convex-authkit-diagnostics/nextjs/production`: the same API as
 * `convex-authkit-diagnostics/nextjs`, but the overlay, the hooks and the logger stay on in every
 * build. Use it to debug a production deployment.
 */
export {
  NextAuthDiagnosticsOverlay as AuthDiagnosticsOverlay,
  type NextAuthDiagnosticsOverlayProps,
} from "./overlay.js";
export { createAuthDiagnosticsLogger } from "../react/logger.js";
export { useAuthDiagnostics, useAuthDiagnosticsDetails } from "../react/useAuthDiagnostics.js";
export * from "./shared.js";
