"use client";
/**
 * `convex-authkit-diagnostics/react/production`: the same API as `convex-authkit-diagnostics/react`,
 * but the overlay and logger stay on in every build. Use it to debug a production deployment.
 */
export {
  AuthDiagnosticsOverlay,
  OVERLAY_STORAGE_KEY,
  type AuthDiagnosticsOverlayProps,
  type OverlayPosition,
} from "./overlay.js";
export { createAuthDiagnosticsLogger } from "./logger.js";
export * from "./shared.js";
